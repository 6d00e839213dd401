/**
 * Lotus's `lib/tablewriter`: named columns, a header row, each cell padded to its column's
 * width plus two spaces (the last column too); columns no row fills are left out, and
 * separate-line columns print under their row as `  Name: value`.
 */
export interface TableColumn {
  name: string
  separateLine?: boolean
}

export class TableWriter {
  private readonly cols: Array<TableColumn & { lines: number }>
  private readonly rows: Array<Map<number, string>> = []

  constructor (cols: readonly TableColumn[]) {
    this.cols = cols.map((c) => ({ ...c, lines: 0 }))
  }

  write (row: Record<string, unknown>): void {
    const byCol = new Map<number, string>()
    for (const [name, value] of Object.entries(row)) {
      if (value === undefined) continue
      let i = this.cols.findIndex((c) => c.name === name)
      if (i < 0) i = this.cols.push({ name, lines: 0 }) - 1
      this.cols[i]!.lines++
      byCol.set(i, String(value))
    }
    this.rows.push(byCol)
  }

  render (): string {
    const header = new Map<number, string>()
    this.cols.forEach((c, i) => { if (c.separateLine !== true) header.set(i, c.name) })
    const rows = [header, ...this.rows]
    const widths = this.cols.map((c, i) => c.lines === 0 ? 0 : Math.max(0, ...rows.map((r) => [...(r.get(i) ?? '')].length)))
    let text = ''
    for (const row of rows) {
      this.cols.forEach((c, i) => {
        if (c.lines === 0 || c.separateLine === true) return
        const e = row.get(i) ?? ''
        text += e + ' '.repeat(widths[i]! - [...e].length + 2)
      })
      text += '\n'
      this.cols.forEach((c, i) => {
        const e = row.get(i)
        if (c.separateLine === true && c.lines > 0 && e !== undefined && e !== '') text += `  ${c.name}: ${e}\n`
      })
    }
    return text
  }
}
