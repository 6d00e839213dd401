/**
 * Sections every node has (Lotus `config.Common`, flattened into the top level): API, Backup,
 * Logging, Libp2p, Pubsub. Defaults as Lotus v1.20 prints them; the two nodes differ only in
 * the API addresses.
 */
import { bool, duration, section, str, stringMap, strings, uint } from './schema.js'

export function commonSections (api: { listenAddress: string, remoteListenAddress: string }) {
  return {
    API: section('API', {
      ListenAddress: str(api.listenAddress, 'Multiaddress the node API listens on; written to the repo\'s `api` file.'),
      RemoteListenAddress: str(api.remoteListenAddress,
        'host:port other nodes use to reach this one, e.g. to build http://<it>/remote URLs\n' +
        'for sector storage. On a mining node it must be reachable from the markets node.'),
      Timeout: duration('30s', 'Time limit for API requests.')
    }),
    Backup: section('Backup', {
      DisableMetadataLog: bool(true,
        'Turns off the metadata write log (<repo>/kvlog). The log costs disk space, but without it\n' +
        'recovering from a corrupted metadata datastore is much harder.')
    }),
    Logging: section('Logging', {
      SubsystemLevels: stringMap({ 'example-subsystem': 'INFO' }, 'Log level per named subsystem.')
    }),
    Libp2p: section('Libp2p', {
      ListenAddresses: strings(['/ip4/0.0.0.0/tcp/0', '/ip6/::/tcp/0'],
        'Multiaddresses the libp2p host listens on; port 0 picks a free port.'),
      AnnounceAddresses: strings([] as string[],
        'Multiaddresses to announce to peers. Empty means every interface address is announced.'),
      NoAnnounceAddresses: strings([] as string[], 'Multiaddresses never to announce.'),
      BootstrapPeers: strings(undefined as string[] | undefined, 'Peers to connect to at start-up (multiaddresses with /p2p/ IDs).'),
      ProtectedPeers: strings(undefined as string[] | undefined, 'Peer IDs the connection manager never trims.'),
      DisableNatPortMap: bool(false,
        'When false, the node asks the NAT router (UPnP / NAT-PMP) to forward a public port to it.'),
      ConnMgrLow: uint(150, 'The connection manager trims connections down to this number.'),
      ConnMgrHigh: uint(180,
        'Above this many connections the connection manager starts trimming. Protected and\n' +
        'recently opened connections do not count.'),
      ConnMgrGrace: duration('20s', 'How long a new connection is safe from trimming.')
    }),
    Pubsub: section('Pubsub', {
      Bootstrapper: bool(false, 'Run gossipsub in bootstrap-node mode.'),
      DirectPeers: strings(undefined as string[] | undefined, 'Peers (multiaddresses) to keep direct gossipsub links with.'),
      IPColocationWhitelist: strings(undefined as string[] | undefined, 'Subnets exempt from the IP colocation penalty.'),
      RemoteTracer: str('', 'Multiaddress of a remote pubsub tracer.'),
      JsonTracer: str('', 'File to write pubsub trace events to as JSON.'),
      ElasticSearchTracer: str('', 'Elasticsearch URL (https://user:password@host:port/) to send pubsub traces to.'),
      ElasticSearchIndex: str('', 'Elasticsearch index for the traces; used only with ElasticSearchTracer.'),
      TracerSourceAuth: str('', 'Auth token sent with traces to Elasticsearch.')
    })
  }
}
