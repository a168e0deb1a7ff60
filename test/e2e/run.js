'use strict';
/**
 * The end-to-end suite on every n8n host: packs once, then runs test/e2e/suite.test.js with
 * Node's test runner per host version (N8N_E2E_VERSIONS, default "2.41.1,2.8.4": the newest n8n,
 * and the newest that runs on Node 20). Installs a missing host first (minutes, once). Prints the
 * suite's wall time at the end. Arguments go to Node's test runner (--test-name-pattern=...).
 */
const { spawnSync } = require('child_process');
const path = require('path');

const { ensureHost } = require('../../dev/n8n/n8nHost');
const { packPackage } = require('../../dev/n8n/n8nServer');

const versions = (process.env.N8N_E2E_VERSIONS || '2.41.1,2.8.4')
	.split(',')
	.map((v) => v.trim())
	.filter(Boolean);
// Each host gets its own n8n port (and the broker and CLI ports derived from it).
const BASE_PORT = Number(process.env.N8N_E2E_BASE_PORT || 5690);
const started = Date.now();
const timings = [];
const tarball = packPackage((m) => console.log(`[e2e] ${m}`));
let failed = false;

versions.forEach((version, index) => {
	const t0 = Date.now();
	ensureHost(version);
	const installed = (Date.now() - t0) / 1000;
	console.log(`[e2e] n8n ${version}: running the suite`);
	const result = spawnSync(
		process.execPath,
		[
			'--test',
			'--test-concurrency=1',
			...process.argv.slice(2),
			path.join(__dirname, 'suite.test.js'),
		],
		{
			stdio: 'inherit',
			env: {
				...process.env,
				N8N_E2E_VERSION: version,
				N8N_E2E_TARBALL: tarball,
				N8N_E2E_PORT: String(BASE_PORT + index * 10),
			},
		},
	);
	if (result.status !== 0) failed = true;
	timings.push(
		`n8n ${version}: ${result.status === 0 ? 'passed' : 'FAILED'}, host ready in ${installed.toFixed(0)} s, suite ${((Date.now() - t0) / 1000 - installed).toFixed(0)} s`,
	);
});

console.log(`\n[e2e] ${timings.join('; ')}`);
console.log(`[e2e] wall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
