export type BinaryFormat = 'ELF' | 'Mach-O' | 'PE' | 'WebAssembly';

function u32be(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
}

function u32le(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;
}

/** The executable format of a file by its magic bytes, whatever its name says. */
export function detectBinaryFormat(bytes: Uint8Array): BinaryFormat | undefined {
  if (bytes.length < 4) return undefined;
  const magic = u32be(bytes, 0);
  if (magic === 0x7f454c46) return 'ELF';
  if (magic === 0xfeedface || magic === 0xfeedfacf || magic === 0xcefaedfe || magic === 0xcffaedfe)
    return 'Mach-O';
  // 0xCAFEBABE opens both universal Mach-O binaries and Java class files: a universal binary stores a small
  // architecture count next, a class file its version (45 or more).
  if (magic === 0xcafebabe && bytes.length >= 8 && u32be(bytes, 4) < 30) return 'Mach-O';
  if (bytes[0] === 0x4d && bytes[1] === 0x5a && bytes.length >= 0x40) {
    const peOffset = u32le(bytes, 0x3c);
    if (peOffset + 4 <= bytes.length && u32be(bytes, peOffset) === 0x50450000) return 'PE';
  }
  if (magic === 0x0061736d) return 'WebAssembly';
  return undefined;
}
