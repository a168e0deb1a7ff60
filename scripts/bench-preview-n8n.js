'use strict';
/**
 * What the campaign preview adds to Build Payload in a real n8n (not a test): a manual workflow makes
 * N items (a different receiver and title each, by expression) into Build Payload, run with
 * `n8n execute`; prints the Build node's own execution time. Given a baseline tarball (the package
 * before the preview, or any other build), runs both, alternating, for the difference.
 *
 *   node scripts/bench-preview-n8n.js [--baseline old.tgz] [--items 10000] [--rounds 2]
 *        [--n8n-version 2.41.1] [--port 5944]
 *
 * Packs the current package (npm run build first). Figures in BENCHMARKS.md.
 */
const path = require('path');

const { node, workflow } = require('../test/support/bench');
const { sandboxCredentials } = require('../test/support/e2eFixtures');
const { ensureHost } = require('../test/support/n8n/n8nHost');
const { LocalN8n, ROOT, packPackage } = require('../test/support/n8n/n8nServer');

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const index = args.indexOf(`--${name}`);
	return index === -1 ? fallback : args[index + 1];
};
const ITEMS = Number(option('items', 10000));
const ROUNDS = Number(option('rounds', 2));
const VERSION = option('n8n-version', '2.41.1');
const PORT = Number(option('port', 5944));
const baseline = option('baseline');

const WORKFLOW = workflow('previewBench0001', `Build Payload x ${ITEMS}`, [
	node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
	node('Items', 'n8n-nodes-base.code', 2, 1, {
		jsCode: `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { receiver: '98' + String(10000000 + i), title: 'Offer ' + i + ' for you, today only' } }));`,
	}),
	node(
		'Build',
		'n8n-nodes-truecaller.truecaller',
		1,
		2,
		{
			resource: 'verifiedCampaign',
			operation: 'buildPayload',
			campaignId: 'bench',
			receivers: '={{ $json.receiver }}',
			defaultCountryCode: '91',
			contentMode: 'fields',
			displayUnit: 'acs-answered',
			templateStyle: '3',
			themeColor: '#6A1B9A',
			textColor: '#FFFFFF',
			title: '={{ $json.title }}',
			subTitle: 'Use code FLOWERS20 at checkout',
			callToAction: 'Shop now',
			deeplink: 'https://example.com/offer',
			imageUrl: 'https://cdn.example.com/side.png',
			additionalFields: {},
			options: {},
		},
		{ credentials: { truecallerApi: { id: 'tcSandboxCred001', name: 'Truecaller (sandbox)' } } },
	),
]);

/** Credentials are needed by the node, never used: Build Payload sends nothing. */
const NOWHERE = {
	campaignUrl: 'http://127.0.0.1:9/v2/campaigns',
	truePulseUrl: 'http://127.0.0.1:9/tp',
	orgId: 'o',
	token: 't',
};

function prepare(label, tarball) {
	const n8n = new LocalN8n(ensureHost(VERSION), {
		userFolder: path.join(ROOT, '.n8n-local', `bench-preview-${label}-${VERSION}`),
		port: PORT,
		fresh: true,
		// n8n execute prints the run data only at log level info
		env: { N8N_LOG_LEVEL: 'info' },
	});
	n8n.installPackage(tarball);
	n8n.importCredentials(sandboxCredentials(NOWHERE));
	n8n.importWorkflows([WORKFLOW]);
	return n8n;
}

function buildTime(n8n) {
	const outputFile = path.join(n8n.options.userFolder, 'execute-output.json');
	const out = n8n.cli(['execute', `--id=${WORKFLOW.id}`, '--rawOutput'], { outputFile });
	const json = out.slice(out.indexOf('\n{') + 1, out.lastIndexOf('}') + 1);
	let parsed;
	try {
		parsed = JSON.parse(json);
	} catch (error) {
		throw new Error(
			`n8n execute printed no readable run data (${error.message}); see ${outputFile}`,
		);
	}
	const run = parsed.data.resultData.runData.Build[0];
	const items = run.data.main[0];
	return {
		ms: run.executionTime,
		items: items.length,
		previews: items.filter((i) => i.binary?.preview).length,
	};
}

const variants = [['current', prepare('current', packPackage())]];
if (baseline) variants.unshift(['baseline', prepare('baseline', path.resolve(baseline))]);
console.log(
	`Build Payload, ${ITEMS.toLocaleString('en-US')} items, n8n ${VERSION}, ${ROUNDS} rounds`,
);
for (let round = 1; round <= ROUNDS; round++)
	for (const [label, n8n] of variants) {
		const { ms, items, previews } = buildTime(n8n);
		console.log(
			`  round ${round}  ${label.padEnd(8)}  ${ms.toLocaleString('en-US')} ms  (${items} items, ${previews} with a preview)`,
		);
	}
