#!/usr/bin/env node
import { runProgram } from '../program.js'
import { lotusSeedProgram } from '../lotus-seed/index.js'

await runProgram(lotusSeedProgram())
