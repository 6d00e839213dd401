// The storage API compliance suite, twice: in-process, and through a JSON-RPC client over HTTP.
import { storageCompliance } from './compliance.js'
import { startStorageNode } from './storage-node.js'

storageCompliance('in-process', async () => {
  const node = await startStorageNode()
  return { api: node.api, index: node.index, dir: node.dir, remoteUrl: node.remoteUrl, teardown: node.close }
})

storageCompliance('JSON-RPC client', async () => {
  const node = await startStorageNode()
  return { api: node.client(), index: node.index, dir: node.dir, remoteUrl: node.remoteUrl, teardown: node.close }
})
