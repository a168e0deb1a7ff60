/**
 * Workflow fixtures of a node folder (test/<node>/workflows/*.json), read from disk for the
 * fixture tests: n8n's workflow JSON plus the items the start node receives and the pinned output.
 */
const fs = require('fs');
const path = require('path');

/** The fixtures of test/<folder>/workflows, by file name order. */
function readWorkflowFixtures(folder) {
	const dir = path.join(__dirname, '..', folder, 'workflows');
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
}

/** Whether a run should print what the fixtures would pin (PRINT_FIXTURE_OUTPUT=1), to review. */
const printFixtureOutput = process.env.PRINT_FIXTURE_OUTPUT === '1';

module.exports = { readWorkflowFixtures, printFixtureOutput };
