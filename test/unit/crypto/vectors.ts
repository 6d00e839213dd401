// Test vectors from Filecoin implementations; each block names its source.
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b)

/**
 * filecoin-project/serialization-vectors message_signing.json (commit 7f4dc7fad110): a
 * secp256k1 private key, the CID bytes Lotus signs, and the signature it made.
 */
export const serializationSecp = {
  privateKey: 'sC23s2GtwGXq/4DbBoTqToIUCA4ESOJjjaMas6WLsZM=',
  from: 't1slxh2kv3vwz3japfiyyd7rkw6p7tm4pt4wo5wyq',
  cidHex: '0171a0e402207054c0b2879607a1537c2976567f028112c208b61daf96d5b06b8e37e8d2773b',
  signature: '3rqEdesPlYdrEVzNAbhfTQoXf8QseeE5e4HBRo+PiQNPZYTr8gkAiguku2SZFsC0p6QBpeprnEcQakZSnNB5XgA='
}

/**
 * filecoin-project/serialization-vectors message_signing.json (commit 1e778d5bd77f): BLS
 * private keys (little-endian, as Lotus stores them) and their t3 addresses. The signatures in
 * that file predate Filecoin's switch to the IETF hash-to-curve and no longer verify anywhere,
 * so only the key → address half is used.
 */
export const serializationBlsKeys = [
  { privateKey: 'P8zKGOLIElfX/nEReFZK30fSNIdOeQenO8qG9j3E/mA=', address: 't3r4mni4ncwaa5bnr5jz3hvrbuiupy2oqf5u65zg5nkrldgg7ubskkvaa554v7kdzl5ughslh7gct7s4fjhpya' },
  { privateKey: '6UEWLG7I8oz2YnreMbE5A3iMyHOZjqEIEspLrMuBPDI=', address: 't3v5sb37hecmsm6ybo4g2pdkwj6omvo7rvspcxeghm7wxp5mj3nn3a7zxitdgtlgham47ifotobljjdulurogq' }
]

/** Zondax/filecoin-signing-tools test_vectors/wallet.json: keys and their addresses. */
export const zondaxWallet = {
  secpPrivateKey: '8VcW07ADswS4BV2cxi5rnIadVsyTDDhY1NfDH19T8Uo=',
  secpAddress: 'f1d2xrzcslx7xlbbylc5c3d5lvandqw4iwl6epxba',
  blsPrivateKey: 'P2pSgkvsZSgi0LOczuHmSXT1+l/hvSs3fVBb4y8OgVo=',
  blsAddress: 't3uxb75vcy3ilwbsaavao52v7gfnfh6aics4a7nj26dwpcmj4mxxgnzholkupuplafdrbd55frpoolfnm7wlda'
}

/**
 * Zondax/filecoin-signing-tools test_vectors/bls_wallet.json and bls_signature.json: a BLS key,
 * its public key, and its signature over the given bytes (an unsigned message's CBOR).
 */
export const zondaxBls = {
  privateKey: '0x7Y0GGX92MeWBF9mcWuR5EYPxe2dy60r8XIQOD31BI=',
  publicKeyHex: 'ade28c91045e89a0dcdb49d5ed0d62a4f02d78a96dbd406a4f9d37a1cd2fb5c29058def79b01b4d1556ade74ffc07904',
  dataHex: '8a005501fd1d0f4dfcd7e99afcb99a8326b7dc459d32c628583103ade28c91045e89a0dcdb49d5ed0d62a4f02d78a96dbd406a4f9d37a1cd2fb5c29058def79b01b4d1556ade74ffc079040144000186a01961a8430009c4430009c40040',
  signatureHex: 'a0e8380977d2ccc5dd4d5ebd823406ed22fde880a3bd0fa8426c16b34013c487c51107f5e2808031b680ff200aa16f770a12a82022cc0fd2a7b0302baacee87862fed11be087609d3b0daf90869558574e15b94b375a0f34bce9478e975bb02c'
}

/**
 * Zondax/filecoin-signing-tools test_vectors/signed_message.json: a secp256k1 signed message
 * (current message format) and its signature.
 */
export const zondaxSignedMessage = {
  privateKey: '8VcW07ADswS4BV2cxi5rnIadVsyTDDhY1NfDH19T8Uo=',
  message: {
    From: 't1d2xrzcslx7xlbbylc5c3d5lvandqw4iwl6epxba',
    To: 't17uoq6tp427uzv7fztkbsnn64iwotfrristwpryy',
    Nonce: 1,
    Value: '100000',
    GasLimit: 25000,
    GasFeeCap: '1',
    GasPremium: '1',
    Method: 0,
    Params: ''
  },
  signature: 'nFuTI7MxEXqTQ0QmmQTmqbUsNZfHFXlNjz+susVDkAk1SrRCdJKxlVZZrM4vUtVBSYgtMIeigNfpqdKGIFhoWQA='
}

/**
 * filecoin-project/lotus lib/sigs/bls/bls_test.go TestUncompressedFails: a compressed BLS
 * signature over "potato" that verifies for `signer`; the test's failing variants are built
 * from it (one byte changed, one byte appended).
 */
export const lotusPotato = {
  signer: 'f3tcgq5scpfhdwh4dbalwktzf6mbv3ng2nw7tyzni5cyrsgvineid6jybnweecpa6misa6lk4tvwtxj2gkwpzq',
  data: bytes(0x70, 0x6f, 0x74, 0x61, 0x74, 0x6f),
  signatureHex: '9927444bfcffdca34af57b78757b9b90f1cd28d2a3aeed2aa6bde299f8bbb9184756f2287b0588e6d3f2860d2bb2066e0c59778c1e644fb2cfb35fba8f09fa824a9ed825108c82ff4bf634c1037eeaf185f45673d4a1c1c6eeb712b7d72a5498',
  /** The same point uncompressed (192 bytes), which Lotus rejects. */
  uncompressedHex: '1927444bfcffdca34af57b78757b9b90f1cd28d2a3aeed2aa6bde299f8bbb9184756f2287b0588e6d3f2860d2bb2066e0c59778c1e644fb2cfb35fba8f09fa824a9ed825108c82ff4bf634c1037eeaf185f45673d4a1c1c6eeb712b7d72a5498' +
    '08942378dbce2ad72e87df083b66c631c18c582f9f9e104d2a7e13e79cbb22deccf67777b09c255d5de688098c6335d40a85768db766a6c6ece6de2a9f3487281a48fecab14702f6512652709d7edb7e8bc9f641aaa83b7e8afd7ae479e659e4'
}

/**
 * filecoin-project/bls-signatures tests/data.json: (message, public key, signature) under the
 * Filecoin ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_.
 */
export const blsSignaturesData = [
  { msg: '', publicKey: 'inCG08LjdR834Qlr2Q5TpiQA4aeT14sW8ZJ3LVYW3JYAZn/g7f+K5ofm/bMdg2nd', signature: 'g6cQpW+EbBAMBmW4lUyIzHXltZ71vV3hI9Wy0Q1PX2puuP+HA9Vbc+Mt3fxklCeMA+Gstw/2HxJpXiDOoPKjS9POtw/7qijqaUvwqxi0PJVclqh62SsYYqhR10w7TxV1' },
  { msg: '1234', publicKey: 'gHCrpuZRL03QmyDi2KweVsElB8aax/JQzrUc+n0R7zTjMQa21RQQiPhwd/N+0axV', signature: 'iucwWAvfd7rZCeSkJ/XhikFHrl+d4zXYpib+3edIi+/WO1I7Y08phWtIg+hBsaX0ETy/sL/7aBuVH1J3jd0f+d1Eako1c+G/xUJunnuSNkU+d6s6FjfTh2cXGPDkcrFy' },
  { msg: 'abaaaaabaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', publicKey: 'jGZeBLhR2N+HwoT/R6ged/pcAUh5+aatFmENTPfANHEGAEeC3lxENiT+EUVe5t8C', signature: 't5zZA18mM2bGXVmbPUDzXGJx9DsIZcdiqzHGf15XPLpomVCwkKNkcbZwhua9LbOjDPJEUoLLxUUksMFCEOVaKutUcLCTY7zyvw+lctIUPKxffhncn0Qct3AN7I4QdtR1' }
]
