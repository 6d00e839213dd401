#!/usr/bin/env node
import { runProgram } from '../program.js'
import { lotusMinerProgram } from '../lotus-miner/index.js'

await runProgram(lotusMinerProgram())
