/**
 * The pinned workflows of a node folder (test/<node>/workflows/*.json), read from disk: n8n's
 * workflow JSON plus the items its start node receives, each node's pinned output and the bodies
 * the sandbox must receive.
 */
const fs = require('fs');
const path = require('path');

/** The pinned workflows of test/<folder>/workflows, by file name order. */
function readPinnedWorkflows(folder) {
	const dir = path.join(__dirname, '..', folder, 'workflows');
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
}

/** Whether a run should print what the workflows would pin (PRINT_PINNED_OUTPUT=1), to review. */
const printPinnedOutput = process.env.PRINT_PINNED_OUTPUT === '1';

module.exports = { readPinnedWorkflows, printPinnedOutput };
