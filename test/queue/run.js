'use strict';
/**
 * The queue-mode suite (test/queue/suite.test.js) on every n8n host that runs the queue topology:
 * packs once, then per host version (N8N_QUEUE_VERSIONS, default "2.41.1,2.8.4") runs the suite
 * with Node's test runner. Installs a missing host first (minutes, once); Postgres and Redis are
 * installed with apt-get when missing. Prints each part's time and the measured table at the end.
 * Whatever a run leaves behind (a suite killed outright) is stopped by PID from its pids.json.
 * Arguments go to Node's test runner (--test-name-pattern=...).
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const { ensureHost } = require('../../dev/n8n/n8nHost');
const { ROOT, packPackage } = require('../../dev/n8n/n8nServer');
const { ensureServices, stopLeftovers } = require('../../dev/n8n/queueTopology');

const versions = (process.env.N8N_QUEUE_VERSIONS || '2.41.1,2.8.4')
	.split(',')
	.map((v) => v.trim())
	.filter(Boolean);
const log = (m) => console.log(`[e2e-queue] ${m}`);
const dirOf = (version) => path.join(ROOT, '.n8n-local', `queue-${version}`);

let child = null;
const cleanUp = () => versions.forEach((version) => stopLeftovers(dirOf(version), log));
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		// The suite gets the signal too and stops what it started; this is the net under it.
		setTimeout(() => {
			if (child && child.exitCode === null) child.kill('SIGKILL');
			cleanUp();
			process.exit(130);
		}, 3000).unref();
	});
}

function runSuite(version, tarball) {
	return new Promise((resolve) => {
		child = spawn(
			process.execPath,
			[
				'--test',
				'--test-concurrency=1',
				'--test-timeout=1500000',
				...process.argv.slice(2),
				path.join(__dirname, 'suite.test.js'),
			],
			{
				stdio: 'inherit',
				env: { ...process.env, N8N_QUEUE_VERSION: version, N8N_QUEUE_TARBALL: tarball },
			},
		);
		child.once('exit', (code) => {
			child = null;
			resolve(code);
		});
	});
}

async function main() {
	const started = Date.now();
	const timings = [];
	const tarball = packPackage(log);
	let t0 = Date.now();
	const { installed } = ensureServices(log);
	timings.push(
		`postgresql and redis-server ${installed ? 'installed' : 'present'} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
	);
	let failed = false;
	const tables = [];
	for (const version of versions) {
		t0 = Date.now();
		ensureHost(version);
		const hostSeconds = (Date.now() - t0) / 1000;
		log(`n8n ${version}: running the queue-mode suite`);
		const code = await runSuite(version, tarball);
		cleanUp();
		if (code !== 0) failed = true;
		timings.push(
			`n8n ${version}: ${code === 0 ? 'passed' : 'FAILED'}, host ready in ${hostSeconds.toFixed(0)} s, suite ${((Date.now() - t0) / 1000 - hostSeconds).toFixed(0)} s`,
		);
		const file = path.join(dirOf(version), 'figures.json');
		if (fs.existsSync(file)) tables.push(JSON.parse(fs.readFileSync(file, 'utf8')));
	}
	for (const figures of tables) {
		log(`n8n ${figures.version}: start-up ${JSON.stringify(figures.startup)}`);
		for (const [row, values] of Object.entries(figures.rows))
			log(`  ${row}: ${JSON.stringify(values)}`);
	}
	log(timings.join('; '));
	log(`wall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	cleanUp();
	process.exit(1);
});
