/**
 * Go's `text/tabwriter` as Lotus commands use it (`tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)`):
 * tab-terminated cells are padded with spaces to their column's width (widest cell + padding, at
 * least minwidth), a column spanning only the consecutive lines that have it; the last cell of a
 * line is not part of a column and is printed as is. A line without tabs ends the column block.
 */
export interface TabWriterOptions {
  readonly minwidth?: number
  readonly padding?: number
}

export class TabWriter {
  private readonly minwidth: number
  private readonly padding: number
  private text = ''

  constructor (options: TabWriterOptions = {}) {
    this.minwidth = options.minwidth ?? 2
    this.padding = options.padding ?? 2
  }

  /** Appends text; cells end with `\t`, lines with `\n`. */
  write (text: string): this {
    this.text += text
    return this
  }

  /** Appends one line of cells (Go's `fmt.Fprintln(tw, strings.Join(cells, "\t"))`). */
  line (...cells: Array<string | number>): this {
    return this.write(`${cells.join('\t')}\n`)
  }

  /** The aligned text of everything written (Go's `Flush`). */
  flush (): string {
    const lines = this.text.split('\n').map((l) => l.split('\t'))
    const out: string[] = []
    let start = 0
    // A line of one cell closes the block: lines after it are aligned on their own.
    lines.forEach((cells, i) => {
      if (cells.length === 1 && i < lines.length - 1) {
        this.format(lines, out, [], start, i + 1)
        start = i + 1
      }
    })
    this.format(lines, out, [], start, lines.length)
    return out.join('\n')
  }

  private format (lines: string[][], out: string[], widths: number[], line0: number, line1: number): void {
    const column = widths.length
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue
      this.writeLines(lines, out, widths, line0, i)
      line0 = i
      let width = this.minwidth
      for (; i < line1; i++) {
        const cells = lines[i]!
        if (column >= cells.length - 1) break
        width = Math.max(width, runes(cells[column]!) + this.padding)
      }
      widths.push(width)
      this.format(lines, out, widths, line0, i)
      widths.pop()
      line0 = i
    }
    this.writeLines(lines, out, widths, line0, line1)
  }

  private writeLines (lines: string[][], out: string[], widths: number[], line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      out.push(lines[i]!.map((c, j) => j < widths.length ? c + ' '.repeat(Math.max(0, widths[j]! - runes(c))) : c).join(''))
    }
  }
}

function runes (s: string): number {
  return [...s].length
}
