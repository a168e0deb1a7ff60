/**
 * Files of this repository as tests read and (on request) regenerate them: the README, the docs and
 * the output schemas shipped next to the nodes. Paths are relative to the repository root (an
 * absolute path is taken as is).
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');

const at = (file) => path.resolve(ROOT, file);

function repositoryFileExists(file) {
	return fs.existsSync(at(file));
}

/** The names in a folder of the repository, sorted. */
function repositoryFolderEntries(folder) {
	return fs.readdirSync(at(folder)).sort();
}

function readRepositoryFile(file) {
	return fs.readFileSync(at(file), 'utf8');
}

function writeRepositoryFile(file, text) {
	fs.mkdirSync(path.dirname(at(file)), { recursive: true });
	fs.writeFileSync(at(file), text);
}

/** UPDATE_OUTPUT_SCHEMAS=1 npx jest test/shared/outputSchemas.test.ts rewrites the schemas. */
const outputSchemaUpdateRequested = Boolean(process.env.UPDATE_OUTPUT_SCHEMAS);

module.exports = {
	repositoryFileExists,
	repositoryFolderEntries,
	readRepositoryFile,
	writeRepositoryFile,
	outputSchemaUpdateRequested,
};
