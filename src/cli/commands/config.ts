import { Command } from 'commander'
import { NelumboError } from '../../core/errors.js'
import {
  type ConfigSchema, FsRepo, configUpdate, defaultsOf, fullNodeConfigSchema, loadConfig, minerConfigSchema, renderConfig
} from '../../repo/index.js'
import { type RepoFlag, expandRepoPath } from '../endpoint/index.js'
import { globalFlags } from '../globals.js'
import { programInfo, routeTo } from '../routing.js'

export interface ConfigCommandOptions {
  /** `StorageMiner` on lotus-miner (a markets repo has the same schema), `FullNode` on lotus. */
  repoType: 'StorageMiner' | 'FullNode'
  /** The repo flag `config updated` reads: `miner-repo` or `repo`. */
  repoFlag: RepoFlag
}

/** `config default` and `config updated`: local, no node involved (Lotus `cmd/lotus-miner/config.go`). */
export function configCommand (options: ConfigCommandOptions): Command {
  const schema: ConfigSchema = options.repoType === 'FullNode' ? fullNodeConfigSchema : minerConfigSchema
  const config = routeTo(new Command('config').description('Manage node config'), 'local')

  config.command('default')
    .description('Print default node config')
    .option('--no-comment', "don't comment default values")
    .action((opts: { comment: boolean }, cmd: Command) => {
      // Lotus prints this one with Println: the rendering plus a newline.
      programInfo(cmd).io.stdout(`${renderConfig(schema, defaultsOf(schema), { commented: opts.comment })}\n`)
    })

  config.command('updated')
    .description('Print updated node config')
    .option('--no-comment', "don't comment default values")
    .action((opts: { comment: boolean }, cmd: Command) => {
      const { io } = programInfo(cmd)
      const path = expandRepoPath(globalFlags(cmd).repoFlags[options.repoFlag], io.home)
      const repo = new FsRepo(options.repoType, path)
      if (!repo.exists()) throw new NelumboError('ERR_REPO_NOT_INITIALIZED', `repo not initialized: ${path} (--${options.repoFlag})`)
      // Read without the repo lock (Lotus's LockRO), so it works while the node runs.
      const current = loadConfig(repo.configPath, schema, { env: { ...io.env } })
      io.stdout(configUpdate(schema, current, defaultsOf(schema), { commented: opts.comment }))
    })

  return config
}
