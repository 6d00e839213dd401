/**
 * config.toml for the full node and the miner: schemas as data, loading with strict checks
 * and `LOTUS_*` overrides, and Lotus-identical rendering for `config default` / `config updated`.
 *
 * @example
 * ```ts
 * const cfg = loadConfig('/home/u/.lotusminer/config.toml', minerConfigSchema)
 * if (cfg.Subsystems.EnableMarkets) { … }
 * process.stdout.write(renderConfig(minerConfigSchema, defaultsOf(minerConfigSchema), { commented: true }) + '\n')
 * ```
 */
export { defaultsOf, configEqual, entryAt, isTable, type ConfigSchema, type ConfigValue, type Field, type FieldKind, type Section, type Entry, type Entries } from './schema.js'
export { minerConfigSchema, type MinerConfig } from './miner.js'
export { fullNodeConfigSchema, type FullNodeConfig } from './fullnode.js'
export { loadConfig, parseConfigText, type LoadConfigOptions } from './load.js'
export { applyEnvOverrides, envVarNames } from './env.js'
export { renderConfig, configUpdate, encodeConfigToml, type RenderOptions } from './render.js'
export { parseGoDuration, formatGoDuration, normalizeGoDuration, goDurationToMs, DurationSyntaxError } from './duration.js'
export { normalizeConfigFil, configFilToAtto } from './fil.js'
