/**
 * JSON-RPC 2.0 transport with go-jsonrpc's conventions: HTTP POST and WebSocket on one path,
 * channels (`xrpc.ch.val` / `xrpc.ch.close`), cancellation (`xrpc.cancel`), bearer-token auth
 * and per-method permissions. Knows contracts (`src/api/contract.ts`), nothing about Filecoin.
 *
 * ```ts
 * const router = new HttpRouter().attach(http.createServer())
 * router.mount('/rpc/v0', createRpcHandler(CommonContract, impl, { authorize: createTokenVerifier(secret) }))
 * const api = createRpcClient(CommonContract, { url: 'ws://127.0.0.1:2345/rpc/v0', token })
 * await api.Version()
 * ```
 */
export { type RpcClient, type RpcClientOptions, createRpcClient } from './client.js'
export { type RpcHandler, type RpcServerOptions, createRpcHandler } from './server.js'
export { HttpRouter, type HttpRoute, rejectUpgrade } from './router.js'
export {
  type OpenReaderOptions, PUSH_PATH, PushStreamError, PushStreams, type PushStreamsOptions, type PushedReader
} from './push-streams.js'
export { pushUrlOf } from './push-client.js'
export { type Authorize, authenticate } from './auth.js'
export {
  type ErrorClass, type ErrorCodeEntry, RpcConnectionClosedError, RpcError, RpcTransportError, toErrorObject
} from './errors.js'
export { type ErrorObject, type RequestFrame, type ResponseFrame, type RpcId, RpcErrorCodes } from './protocol.js'
