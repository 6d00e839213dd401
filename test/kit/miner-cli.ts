// Runs a `lotus-miner` command in process against fake Miner and FullNode APIs: the miner API is
// what MINER_API_INFO (port 2345) resolves to, the full node what FULLNODE_API_INFO (1234) does.
// Output is collected; nothing touches the file system or the network.
import assert from 'node:assert/strict'
import { MinerContract } from '../../src/api/miner.js'
import type { Contract } from '../../src/api/index.js'
import type { CliIo } from '../../src/cli/io.js'
import { lotusMinerProgram } from '../../src/cli/lotus-miner/index.js'
import { executeProgram } from '../../src/cli/program.js'

export interface CliRun { code: number, stdout: string, stderr: string }

export async function runLotusMiner (args: string[], apis: { miner: object, full: object }): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    env: { MINER_API_INFO: 'a.b.c:/ip4/127.0.0.1/tcp/2345/http', FULLNODE_API_INFO: 'a.b.c:/ip4/127.0.0.1/tcp/1234/http' },
    home: '/home/op',
    fs: { exists: () => false, readText: () => undefined },
    stdout: (t) => { stdout += t },
    stderr: (t) => { stderr += t },
    sleep: async () => {},
    connect: <C extends Contract>(contract: C, endpoint: { url: string }) => {
      if (!endpoint.url.includes(':2345/')) return apis.full as never
      assert.equal(contract, MinerContract)
      return apis.miner as never
    }
  }
  const code = await executeProgram(lotusMinerProgram(io), args, { from: 'user', output: { stdout: io.stdout, stderr: io.stderr } })
  return { code, stdout, stderr }
}
