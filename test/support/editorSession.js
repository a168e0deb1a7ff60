'use strict';
/**
 * n8n's editor as a user sees it, for the browser tests: a real n8n of the given version with the
 * packed package and the sandbox credentials, logged in as the owner, in Debian's Chromium
 * (headless, driven by playwright-core). Screenshots go to the folder the caller names.
 */
const fs = require('node:fs');
const path = require('node:path');

const { exampleWorkflows, sandboxCredentials } = require('../../dev/examples');
const { launchBrowser } = require('../../dev/browser');
const { ensureHost } = require('../../dev/n8n/n8nHost');
const { LocalN8n, ROOT, packPackage } = require('../../dev/n8n/n8nServer');
const { createSandbox } = require('../../dev/sandbox/sandbox');

const PACKAGE = 'n8n-nodes-truecaller';

/**
 * Starts n8n `version` on `port` with the examples imported (and published), and a browser page
 * logged in as the owner. `N8N_E2E_TARBALL` picks the tarball (default: this checkout, packed).
 */
async function startEditorSession({ version, port, shots }) {
	const host = ensureHost(version);
	const tarball = process.env.N8N_E2E_TARBALL || packPackage();
	const sandbox = createSandbox({ port: 0 });
	await sandbox.listen();
	const n8n = new LocalN8n(host, {
		userFolder: path.join(ROOT, '.n8n-local', `browser-${version}`),
		port,
		fresh: true,
	});
	n8n.installPackage(tarball);
	const workflows = exampleWorkflows();
	n8n.importCredentials(sandboxCredentials(sandbox));
	n8n.importWorkflows(workflows);
	n8n.publish(workflows.map((w) => w.id));
	await n8n.start();
	await n8n.setupOwner();

	fs.mkdirSync(shots, { recursive: true });
	const browser = await launchBrowser();
	const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
	const [name, value] = n8n.cookie.split('=');
	await context.addCookies([{ name, value, url: n8n.baseUrl }]);
	const page = await context.newPage();
	// A first editor load on a busy machine takes longer than playwright's 30 s default.
	page.setDefaultNavigationTimeout(120000);

	const shot = async (file) => await page.screenshot({ path: path.join(shots, `${file}.png`) });

	return {
		n8n,
		page,
		shot,
		visibleText: async () => await page.locator('body').innerText(),

		/** A workflow made the way the editor makes one: node ids, a webhookId for triggers. */
		async createWorkflow(workflowName, nodes, connections = {}) {
			const created = await n8n.api('POST', '/workflows', {
				name: workflowName,
				nodes: nodes.map((node, index) => ({
					id: `00000000-0000-4000-8000-00000000000${index}`,
					typeVersion: 1,
					position: [index * 300, 0],
					...node,
				})),
				connections,
				settings: {},
			});
			return created.id;
		},

		/** Opens a workflow with one node's details (n8n's /workflow/<id>/<node id> route). */
		async openNode(workflowId, nodeId) {
			await page.goto(`${n8n.baseUrl}/workflow/${workflowId}/${nodeId}`, { waitUntil: 'load' });
			await page
				.locator('[data-test-id="ndv"]')
				.first()
				.waitFor({ timeout: 60000 })
				.catch(async (error) => {
					await shot(`timeout-${workflowId}`);
					throw error;
				});
			await page.waitForTimeout(1500);
		},

		async close() {
			await browser.close();
			await n8n.stop();
			await sandbox.close();
		},
	};
}

module.exports = { PACKAGE, ROOT, startEditorSession };
