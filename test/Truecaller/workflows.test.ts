/**
 * Truecaller pinned workflows (./workflows/*.json: Send, Build Payload, Audience, Send in Bulk)
 * run through n8n-core's WorkflowExecute against the sandbox; each node's output must equal the
 * workflow's pinData, pairedItem included, and the sandbox must have received the pinned bodies.
 */
import { describePinnedWorkflows } from '../support/executor';
import { createSandbox } from '../../dev/sandbox/sandbox';

const sandbox = createSandbox({
	orgId: 'org-1',
	token: 'token-1',
	bulkKeyId: 'key-1',
	bulkApiKey: 'bulk-access-1',
});
beforeAll(() => sandbox.listen());
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('Truecaller workflows', () => {
	describePinnedWorkflows('Truecaller', sandbox, () => ({
		truecallerApi: { endpointUrl: sandbox.campaignUrl, orgId: 'org-1', webhookToken: 'token-1' },
		truecallerBulkApi: {
			baseUrl: sandbox.url,
			organisationId: 'org-1',
			keyId: 'key-1',
			apiKey: 'bulk-access-1',
		},
	}));
});
