/**
 * True Pulse pinned workflows (./workflows/*.json) run through n8n-core's WorkflowExecute against
 * the sandbox; each node's output must equal the workflow's pinData, pairedItem included, and the
 * sandbox must have received the pinned bodies.
 */
import { describePinnedWorkflows } from '../support/executor';
import { createSandbox } from '../../dev/sandbox/sandbox';

const sandbox = createSandbox({ truePulseHeader: 'X-TP-Key: tp-secret' });
beforeAll(() => sandbox.listen());
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('True Pulse workflows', () => {
	describePinnedWorkflows('TruePulse', sandbox, () => ({
		truePulseApi: {
			endpointUrl: sandbox.truePulseUrl,
			headerName: 'X-TP-Key',
			headerSecret: 'tp-secret',
		},
	}));
});
