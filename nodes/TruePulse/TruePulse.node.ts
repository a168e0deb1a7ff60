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

import { TruePulseApi } from '../../credentials/TruePulseApi.credentials';
import {
	credentialLabels,
	credentialProblems,
	testEndpoint,
} from '../shared/delivery/credentialTest';
import { CALL_END_OPERATIONS, callEndProperties } from './actions/callEnd/CallEnd.resource';
import { CALL_END_RESOURCE } from './actions/names';
import { operationSubtitle } from '../shared/subtitle';
import { router } from './actions/router';
import { ENDPOINT_FIELD, truePulseCredentialSchema, truePulseCredentialVerdict } from './transport';

export class TruePulse implements INodeType {
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle -- the subtitle is built from the operation options, so the canvas shows their display names
	description: INodeTypeDescription = {
		displayName: 'True Pulse',
		name: 'truePulse',
		icon: { light: 'file:truepulse.svg', dark: 'file:truepulse.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle({ [CALL_END_RESOURCE]: CALL_END_OPERATIONS }),
		description: 'Send call-end events to True Pulse call tracking',
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
			/** Posts an empty event: True Pulse refuses it with ERROR and records nothing. */
			async truePulseApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problems = credentialProblems(
					truePulseCredentialSchema,
					credential.data,
					credentialLabels(new TruePulseApi()),
				);
				if (problems) return { status: 'Error', message: problems };
				const { endpointUrl, headerName, headerSecret } = credential.data ?? {};
				const headers: Record<string, string> = headerName
					? { [String(headerName)]: String(headerSecret ?? '') }
					: {};
				return await testEndpoint(
					this,
					endpointUrl,
					ENDPOINT_FIELD,
					headers,
					{},
					truePulseCredentialVerdict,
				);
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
