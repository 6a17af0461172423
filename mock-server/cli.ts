#!/usr/bin/env node
// The `silent-refresh-mock-server` command. Its server needs the optional peers: without them
// it names the packages to install and exits with code 2, as for any other usage error.
import { MissingPeerError, NODE_PEERS, withPeers } from './peers.js'

try {
  const { main } = await withPeers(
    'silent-refresh-mock-server',
    NODE_PEERS,
    () => import('./adapters/cli-main.js'),
  )
  await main(process.argv.slice(2))
} catch (error) {
  if (!(error instanceof MissingPeerError)) throw error
  console.error(`silent-refresh-mock-server: ${error.message}`)
  process.exitCode = 2
}
