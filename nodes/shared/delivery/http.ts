/**
 * Sending through n8n's HTTP helpers: n8n applies the credential, proxies and TLS settings the
 * operator configured, and the engine sees every answer to classify it. Every sender of the package
 * posts through `jsonPoster`, so every request carries the execution's cancel signal.
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

/** Answers that mean the service refused the credential (401 Unauthorized, 403 Forbidden). */
export const CREDENTIAL_REFUSED_CODES = [401, 403];

/** POSTs a JSON body to `url` and resolves with whatever the service answered, 4xx and 5xx too. */
export type JsonPost = (
	url: string,
	body: object,
	headers?: Record<string, string>,
) => Promise<HttpResponse>;

/** A credential n8n applies to each request (its `authenticate`), decrypted once for the run. */
export interface RunCredential {
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * POSTs JSON through n8n and hands back every answer (n8n must not throw on 4xx/5xx: we classify).
 * Stopping the execution aborts the request in flight. With `credential`, n8n authenticates each
 * request with the data given here, which it would otherwise read and decrypt from its database
 * for each of thousands of requests.
 */
export function jsonPoster(
	context: IExecuteFunctions,
	timeout: number,
	credential?: RunCredential,
): JsonPost {
	const signal = context.getExecutionCancelSignal?.();
	const credentialsDecrypted: ICredentialsDecrypted | undefined = credential && {
		id: '',
		name: credential.type,
		type: credential.type,
		data: credential.data,
	};
	return async (url, body, headers) => {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url,
			...(headers ? { headers } : {}),
			body: body as IDataObject,
			json: true,
			timeout,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			...(signal ? { abortSignal: signal } : {}),
		};
		const response = (
			credential
				? await context.helpers.httpRequestWithAuthentication.call(
						context,
						credential.type,
						options,
						{ credentialsDecrypted },
					)
				: await context.helpers.httpRequest(options)
		) as HttpResponse;
		return {
			statusCode: response.statusCode,
			headers: response.headers ?? {},
			body: response.body,
		};
	};
}

/** The run's credentials, their endpoint checked (https, or loopback), and a poster to it. */
export async function posterFor(
	context: IExecuteFunctions,
	credentialType: string,
	urlField: string,
	timeout: number,
): Promise<(body: object) => Promise<HttpResponse>> {
	const credentials = await context.getCredentials(credentialType);
	const urlProblem = checkEndpointUrl(credentials.endpointUrl, urlField);
	if (urlProblem) throw new NodeOperationError(context.getNode(), urlProblem);
	const post = jsonPoster(context, timeout, { type: credentialType, data: credentials });
	const url = String(credentials.endpointUrl);
	return async (body) => await post(url, body);
}
