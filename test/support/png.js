'use strict';
/**
 * Just enough PNG for the browser tests: read pixels of Chromium's screenshots (8-bit RGB or RGBA,
 * not interlaced) and write a solid-colour image for the sandbox to serve as a campaign image.
 */
const zlib = require('zlib');

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(a, b, c) {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** { width, height, pixel(x, y) -> [r, g, b, a] } */
function decodePng(buffer) {
	if (!buffer.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
	let offset = 8;
	let header;
	const data = [];
	while (offset < buffer.length) {
		const length = buffer.readUInt32BE(offset);
		const type = buffer.toString('ascii', offset + 4, offset + 8);
		const body = buffer.subarray(offset + 8, offset + 8 + length);
		if (type === 'IHDR')
			header = {
				width: body.readUInt32BE(0),
				height: body.readUInt32BE(4),
				depth: body[8],
				colour: body[9],
				interlace: body[12],
			};
		else if (type === 'IDAT') data.push(body);
		offset += 12 + length;
	}
	if (!header || header.depth !== 8 || ![2, 6].includes(header.colour) || header.interlace)
		throw new Error(`unsupported PNG ${JSON.stringify(header)}`);
	const channels = header.colour === 6 ? 4 : 3;
	const stride = header.width * channels;
	const raw = zlib.inflateSync(Buffer.concat(data));
	const pixels = Buffer.alloc(stride * header.height);
	for (let y = 0; y < header.height; y++) {
		const filter = raw[y * (stride + 1)];
		for (let x = 0; x < stride; x++) {
			const value = raw[y * (stride + 1) + 1 + x];
			const left = x >= channels ? pixels[y * stride + x - channels] : 0;
			const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
			const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels] : 0;
			const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
			pixels[y * stride + x] = (value + predictor) & 0xff;
		}
	}
	return {
		width: header.width,
		height: header.height,
		pixel(x, y) {
			const at = Math.round(y) * stride + Math.round(x) * channels;
			return [pixels[at], pixels[at + 1], pixels[at + 2], channels === 4 ? pixels[at + 3] : 255];
		},
	};
}

function chunk(type, body) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length);
	const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(typed));
	return Buffer.concat([length, typed, crc]);
}

/** A width x height PNG of one colour, [r, g, b]. */
function solidPng(width, height, [r, g, b]) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8;
	header[9] = 2;
	const row = Buffer.alloc(1 + width * 3);
	for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
	const raw = Buffer.concat(Array.from({ length: height }, () => row));
	return Buffer.concat([
		SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', zlib.deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** "#RRGGBB" -> [r, g, b] */
const rgbOf = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

module.exports = { decodePng, solidPng, rgbOf };
