import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * Where call-end events are delivered: the endpoint True Pulse shares with each customer, and an
 * optional header (the spec needs no authentication). Tested by the True Pulse node (testedBy).
 */
export class TruePulseApi implements ICredentialType {
	name = 'truePulseApi';

	displayName = 'True Pulse API';

	icon: Icon = {
		light: 'file:../nodes/TruePulse/truepulse.svg',
		dark: 'file:../nodes/TruePulse/truepulse.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-truecaller/n8n-nodes-truecaller#true-pulse-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Endpoint URL',
			name: 'endpointUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.truepulse.co.in/...',
			description:
				'The call-end webhook URL the True Pulse team shared with you. Must be https (http only for localhost).',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			description: 'Optional header sent with every request, if True Pulse asked for one',
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];

	// A function, because the header's name is itself a setting.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const name = String(credentials.headerName ?? '').trim();
		if (!name) return requestOptions;
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, [name]: String(credentials.headerSecret ?? '') },
		};
	};
}
