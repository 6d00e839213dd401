#!/usr/bin/env node
import { runProgram } from '../program.js'
import { lotusShedProgram } from '../lotus-shed/index.js'

await runProgram(lotusShedProgram())
