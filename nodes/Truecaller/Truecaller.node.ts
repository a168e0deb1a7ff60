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

import { TruecallerApi } from '../../credentials/TruecallerApi.credentials';
import {
	credentialLabels,
	credentialProblems,
	testEndpoint,
} from '../shared/delivery/credentialTest';
import { AUDIENCE_OPERATIONS, audienceProperties } from './actions/audience/Audience.resource';
import { AUDIENCE_RESOURCE, CAMPAIGN_RESOURCE, SEND, SEND_IN_BULK } from './actions/names';
import { operationSubtitle } from '../shared/subtitle';
import { router } from './actions/router';
import {
	CAMPAIGN_OPERATIONS,
	campaignProperties,
} from './actions/verifiedCampaign/VerifiedCampaign.resource';
import {
	CREDENTIAL_TEST_BODY,
	ENDPOINT_FIELD,
	credentialTestVerdict,
	truecallerCredentialSchema,
} from './transport';
import {
	BASE_URL_FIELD,
	TOKEN_HEADERS,
	bulkCredentialTestVerdict,
	bulkUrls,
	readBulkCredentials,
	tokenRequestBody,
} from './bulkTransport';
import { maskSecret } from '../shared/output';

export class Truecaller implements INodeType {
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle -- the subtitle is built from the operation options, so the canvas shows their display names
	description: INodeTypeDescription = {
		displayName: 'Truecaller',
		name: 'truecaller',
		icon: { light: 'file:truecaller.svg', dark: 'file:truecaller.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle({
			[CAMPAIGN_RESOURCE]: CAMPAIGN_OPERATIONS,
			[AUDIENCE_RESOURCE]: AUDIENCE_OPERATIONS,
		}),
		description:
			'Send Truecaller for Business Verified Campaigns and turn CleverTap, Segment and WebEngage audiences into receivers',
		defaults: { name: 'Truecaller' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'truecallerApi',
				required: true,
				testedBy: 'truecallerApiTest',
				// Only the operation that sends: Build Payload posts nothing and needs no credential.
				displayOptions: { show: { resource: [CAMPAIGN_RESOURCE], operation: [SEND] } },
			},
			{
				name: 'truecallerBulkApi',
				required: true,
				testedBy: 'truecallerBulkApiTest',
				displayOptions: { show: { resource: [CAMPAIGN_RESOURCE], operation: [SEND_IN_BULK] } },
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
			...campaignProperties,
			...audienceProperties,
		],
	};

	methods = {
		credentialTest: {
			async truecallerApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problems = credentialProblems(
					truecallerCredentialSchema,
					credential.data,
					credentialLabels(new TruecallerApi()),
				);
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
			/** Obtains an access token and sends nothing. */
			async truecallerBulkApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const credentials = readBulkCredentials(credential.data ?? {});
				const result = await testEndpoint(
					this,
					bulkUrls(credentials).token,
					BASE_URL_FIELD,
					{ ...TOKEN_HEADERS },
					tokenRequestBody(credentials),
					({ statusCode, body }) => bulkCredentialTestVerdict(statusCode, body),
				);
				return { ...result, message: maskSecret(result.message, credentials.apiKey) };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
