/**
 * n8n-core's binary data service switched to n8n's filesystem mode in a temporary folder, as
 * `n8n start` sets it up, so that helpers.prepareBinaryData stores files and hands out binary ids.
 * n8n-core resolves its own copy of @n8n/di: its container is the one its binary helpers read the
 * service from.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { BinaryDataConfig, BinaryDataService } = require('n8n-core');

const { Container } = require(
	require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core'))] }),
);

async function useFilesystemBinaryMode() {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'truecaller-binary-'));
	const config = Container.get(BinaryDataConfig);
	config.mode = 'filesystem';
	config.localStoragePath = folder;
	const service = Container.get(BinaryDataService);
	await service.init();
	return {
		service,
		/** How many files n8n has stored (their metadata files aside). */
		storedFiles: () =>
			fs
				.readdirSync(folder, { recursive: true, withFileTypes: true })
				.filter((entry) => entry.isFile() && !entry.name.endsWith('.metadata')).length,
		remove: () => fs.rmSync(folder, { recursive: true, force: true }),
	};
}

module.exports = { useFilesystemBinaryMode };
