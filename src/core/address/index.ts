// Filecoin addresses (protocols 0-4), byte-exact with go-address.
export {
  Address,
  parseAddress,
  addressFromBytes,
  newIdAddress,
  newSecp256k1Address,
  newActorAddress,
  newBlsAddress,
  newDelegatedAddress
} from './address.js'
export { Protocol, EthereumAddressManagerActorId } from './protocol.js'
export { setCurrentNetwork, currentNetwork, type Network } from './network.js'
export { InvalidAddressError, type AddressErrorReason } from './errors.js'
export { addressChecksum, addressHash, ChecksumHashLength, PayloadHashLength } from './checksum.js'
export { BlsPublicKeyBytes, MaxSubaddressLen } from './payload.js'
export { MaxAddressStringLength, MaxInt64StringLength } from './string.js'
