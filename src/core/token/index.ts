// Token amounts (attoFIL bigint) and Filecoin BigInt encodings, as Lotus formats and parses them.
export { FilecoinPrecision, formatFil, formatFilUnitless, formatFilShort, formatFilNano, parseFil, InvalidFilError } from './fil.js'
export { BigIntMaxSerializedLen, bigIntToBytes, bigIntFromBytes, parseBigInt, InvalidBigIntError } from './bigint.js'
