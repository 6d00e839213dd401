export { BitField, type BitRange, MAX_BIT_POSITION } from './bitfield.js'
export { MAX_ENCODED_SIZE, decodeRlePlus, encodeRlePlus } from './rleplus.js'
