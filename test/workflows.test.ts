/**
 * Workflow fixtures (test/<node>/workflows/*.json) run through n8n-core's WorkflowExecute against
 * the sandbox; each node's output must equal the fixture's pinData, pairedItem included.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { type WorkflowFixture, runFixture } from './support/executor';
import { createSandbox } from './support/sandbox';

const sandbox = createSandbox({
	orgId: 'org-1',
	token: 'token-1',
	truePulseHeader: 'X-TP-Key: tp-secret',
});
beforeAll(() => sandbox.listen());
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const credentials = () => ({
	truecallerApi: { endpointUrl: sandbox.campaignUrl, orgId: 'org-1', webhookToken: 'token-1' },
	truePulseApi: {
		endpointUrl: sandbox.truePulseUrl,
		headerName: 'X-TP-Key',
		headerSecret: 'tp-secret',
	},
});

const fixtures = ['truecaller', 'truePulse'].flatMap((folder) => {
	const dir = join(__dirname, folder, 'workflows');
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowFixture);
});

describe.each(fixtures.map((fixture) => [fixture.name, fixture] as const))(
	'%s',
	(_name, fixture) => {
		it('produces the pinned output', async () => {
			const output = await runFixture(fixture, credentials());
			// The sandbox listens on a new port each run; fixtures name it http://sandbox.
			const pinned = JSON.parse(JSON.stringify(output).replaceAll(sandbox.url, 'http://sandbox'));
			expect(pinned).toEqual(fixture.pinData);
			if (fixture.sandboxReceived)
				expect(sandbox.requests.map((r: { body: unknown }) => r.body)).toEqual(
					fixture.sandboxReceived,
				);
		});
	},
);
