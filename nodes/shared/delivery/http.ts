/**
 * Sending through n8n's authenticated HTTP helper: n8n applies the credential, proxies and TLS
 * settings the operator configured, and the engine sees every answer to classify it.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { HttpResponse } from './engine';
import { checkEndpointUrl } from './endpoint';

/** The run's credentials, their endpoint checked (https, or loopback), and a poster to it. */
export async function posterFor(
	context: IExecuteFunctions,
	credentialType: string,
	urlField: string,
	timeout: number,
): Promise<(body: unknown) => Promise<HttpResponse>> {
	const credentials = await context.getCredentials(credentialType);
	const urlProblem = checkEndpointUrl(credentials.endpointUrl, urlField);
	if (urlProblem) throw new NodeOperationError(context.getNode(), urlProblem);
	return jsonPoster(context, credentialType, credentials, String(credentials.endpointUrl), timeout);
}

/**
 * POSTs JSON through n8n and hands back every answer (n8n must not throw on 4xx/5xx: we classify).
 * The credentials are fetched once per run and handed to n8n with every request, which would
 * otherwise read and decrypt them from its database for each of thousands of requests.
 */
function jsonPoster(
	context: IExecuteFunctions,
	credentialType: string,
	credentials: ICredentialDataDecryptedObject,
	url: string,
	timeout: number,
): (body: unknown) => Promise<HttpResponse> {
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: '',
		name: credentialType,
		type: credentialType,
		data: credentials,
	};
	return async (body) => {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url,
			body: body as IDataObject,
			json: true,
			timeout,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			credentialType,
			options,
			{ credentialsDecrypted },
		)) as {
			statusCode: number;
			headers: Record<string, unknown>;
			body: unknown;
		};
		return {
			statusCode: response.statusCode,
			headers: response.headers ?? {},
			body: response.body,
		};
	};
}
