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

import { credentialProblems, testEndpoint } from '../shared/delivery/credentialTest';
import { AUDIENCE_RESOURCE, audienceProperties } from './actions/audience/Audience.resource';
import { router } from './actions/router';
import {
	CAMPAIGN_RESOURCE,
	campaignFields,
	campaignOperations,
} from './actions/verifiedCampaign/VerifiedCampaign.resource';
import {
	CREDENTIAL_TEST_BODY,
	ENDPOINT_FIELD,
	credentialTestVerdict,
	truecallerCredentialSchema,
} from './transport';

export class Truecaller implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Truecaller',
		name: 'truecaller',
		icon: { light: 'file:truecaller.svg', dark: 'file:truecaller.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send Truecaller for Business Verified Campaigns to audiences from your CRM or CEP',
		defaults: { name: 'Truecaller' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'truecallerApi',
				required: true,
				testedBy: 'truecallerApiTest',
				displayOptions: { show: { resource: [CAMPAIGN_RESOURCE] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Audience',
						value: AUDIENCE_RESOURCE,
						description: 'Turn CRM and CEP payloads into Truecaller receivers',
					},
					{ name: 'Verified Campaign', value: CAMPAIGN_RESOURCE },
				],
				default: CAMPAIGN_RESOURCE,
			},
			campaignOperations,
			...campaignFields,
			...audienceProperties,
		],
	};

	methods = {
		credentialTest: {
			async truecallerApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problems = credentialProblems(truecallerCredentialSchema, credential.data);
				if (problems) return { status: 'Error', message: problems };
				const { endpointUrl, orgId, webhookToken } = credential.data ?? {};
				const headers = {
					'X-Org-ID': String(orgId ?? ''),
					'X-Org-Token': String(webhookToken ?? ''),
				};
				return await testEndpoint(
					this,
					endpointUrl,
					ENDPOINT_FIELD,
					headers,
					CREDENTIAL_TEST_BODY,
					({ statusCode }) => credentialTestVerdict(statusCode),
				);
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
