/**
 * What n8n does at shutdown for the services n8n-core starts on first use. Every node context
 * n8n-core creates asks its DI container for the SSH clients manager, whose stale-client sweep is
 * a 60 s interval; n8n stops it at shutdown (n8n's own node test harness does the same in afterAll).
 * Without this, Jest would wait for that interval after the last test.
 *
 * The container is n8n-core's own copy of @n8n/di (it may differ from the one at the top of
 * node_modules), so it is resolved from n8n-core's folder.
 */
const path = require('path');

const coreFolder = path.dirname(require.resolve('n8n-core/package.json'));
const { Container } = require(require.resolve('@n8n/di', { paths: [coreFolder] }));
const { SSHClientsManager } = require(
	path.join(coreFolder, 'dist/execution-engine/ssh-clients-manager'),
);

function shutDownN8nCore() {
	Container.get(SSHClientsManager).onShutdown();
}

module.exports = { shutDownN8nCore };
