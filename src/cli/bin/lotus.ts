#!/usr/bin/env node
import { runProgram } from '../program.js'
import { lotusProgram } from '../lotus/index.js'

await runProgram(lotusProgram())
