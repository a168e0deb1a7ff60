'use strict';
/**
 * Loads a module of the package for the dev kit, tests, scripts and benchmarks. Under Jest it
 * is the TypeScript source, so unit tests never depend on an earlier build; under plain Node it is the
 * compiled `dist/`, so scripts run exactly what ships (they build first).
 */
const path = require('path');

const ROOT = path.join(__dirname, '..');

function packageModule(sourcePath) {
	return require(path.join(ROOT, process.env.JEST_WORKER_ID ? '' : 'dist', sourcePath));
}

module.exports = { packageModule, ROOT };
