import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { checkEndpointUrl } from '../../lib/endpoint';
import { truePulseStatus } from '../../lib/truePulse';
import { CALL_END_RESOURCE, callEndProperties } from './CallEndDescription';
import { executeSendCallEnd } from './CallEndExecute';

export class TruePulse implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'True Pulse',
		name: 'truePulse',
		icon: { light: 'file:truepulse.svg', dark: 'file:truepulse.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Deliver call-end events to True Pulse call tracking',
		defaults: { name: 'True Pulse' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'truePulseApi', required: true, testedBy: 'truePulseApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Call-End Event', value: CALL_END_RESOURCE }],
				default: CALL_END_RESOURCE,
			},
			...callEndProperties,
		],
	};

	methods = {
		credentialTest: {
			/**
			 * Posts an empty event: a live True Pulse endpoint answers {"status":"ERROR"} (nothing is
			 * recorded), which proves the URL and header work without inventing a call.
			 */
			async truePulseApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const { endpointUrl, headerName, headerSecret } = credential.data ?? {};
				const urlProblem = checkEndpointUrl(endpointUrl, 'Endpoint URL');
				if (urlProblem) return { status: 'Error', message: urlProblem };
				const headers = headerName ? { [String(headerName)]: String(headerSecret ?? '') } : {};
				try {
					// Credential test functions get only `request` from n8n (ICredentialTestFunctions).
					// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
					const response = (await this.helpers.request({
						method: 'POST',
						uri: String(endpointUrl),
						headers,
						body: {},
						json: true,
						simple: false,
						resolveWithFullResponse: true,
						timeout: 15000,
					})) as { statusCode: number; body: unknown };
					if (response.statusCode === 401 || response.statusCode === 403) {
						return { status: 'Error', message: `The endpoint refused the header (HTTP ${response.statusCode})` };
					}
					const status = truePulseStatus(response.body);
					return status === 'ERROR' || status === 'SUCCESS'
						? { status: 'OK', message: `Endpoint answers in True Pulse's format (HTTP ${response.statusCode}, status ${status})` }
						: { status: 'Error', message: `Not a True Pulse answer (HTTP ${response.statusCode}): check the Endpoint URL` };
				} catch (error) {
					return { status: 'Error', message: `Could not reach the endpoint: ${(error as Error).message}` };
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await executeSendCallEnd(this)];
	}
}
