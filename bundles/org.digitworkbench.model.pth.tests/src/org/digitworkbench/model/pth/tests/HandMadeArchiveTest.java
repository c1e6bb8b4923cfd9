package org.digitworkbench.model.pth.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.digitworkbench.model.internal.pth.PthFormatException;
import org.digitworkbench.model.internal.pth.PthStateDictReader;
import org.digitworkbench.model.internal.pth.PthTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written here by hand: PyTorch 2.x's layout, other dtypes, views, and what must be refused. */
class HandMadeArchiveTest {

	@TempDir
	Path folder;

	private static final long[] NONE = {};
	private static final int MEMOIZE = 0x94, STACK_GLOBAL = 0x93, NEWTRUE = 0x88, TUPLE1 = 0x85,
			TUPLE3 = 0x87;

	/** PyTorch 2.x: .format_version, .storage_alignment, byteorder, .data/serialization_id, _metadata via BUILD. */
	@Test
	void newerPyTorchLayoutParses() throws Exception {
		byte[] pickle = new PickleWriter().proto(2).global("collections", "OrderedDict").op(')').op('R').mark()
				.tensorItem("fc.weight", "FloatStorage", "0", 6, 0, new long[] { 2, 3 }, new long[] { 3, 1 })
				.tensorItem("fc.bias", "DoubleStorage", "1", 2, 0, new long[] { 2 }, new long[] { 1 })
				.op('u') // SETITEMS
				.op('}').string("_metadata").global("collections", "OrderedDict").op(')').op('R').mark().string("")
				.op('}').string("version").integer(1).op('s').op('u').op('s').op('b').op('.').bytes();
		ByteBuffer doubles = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.25).putDouble(-1.5);
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("archive/data.pkl", pickle);
		entries.put("archive/.format_version", ascii("1"));
		entries.put("archive/.storage_alignment", ascii("64"));
		entries.put("archive/byteorder", ascii("little"));
		entries.put("archive/data/0", Archives.floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6));
		entries.put("archive/data/1", doubles.array());
		entries.put("archive/version", ascii("3\n"));
		entries.put("archive/.data/serialization_id", ascii("1234567890123456789012345678901234567890"));

		Map<String, PthTensor> tensors = PthStateDictReader.read(write("newer.pth", entries));

		assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(tensors.keySet()));
		assertArrayEquals(new long[] { 2, 3 }, tensors.get("fc.weight").shape());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6 }, tensors.get("fc.weight").values());
		assertArrayEquals(new float[] { 0.25f, -1.5f }, tensors.get("fc.bias").values());
	}

	@Test
	void bigEndianArchiveIsConverted() throws Exception {
		byte[] pickle = stateDict(new PickleWriter()
				.tensorItem("a", "FloatStorage", "0", 2, 0, new long[] { 2 }, new long[] { 1 })
				.tensorItem("h", "HalfStorage", "1", 2, 0, new long[] { 2 }, new long[] { 1 })
				.tensorItem("b", "BFloat16Storage", "2", 2, 0, new long[] { 2 }, new long[] { 1 }));
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("archive/data.pkl", pickle);
		entries.put("archive/byteorder", ascii("big"));
		entries.put("archive/data/0", Archives.floats(ByteOrder.BIG_ENDIAN, 1.5f, -2.25f));
		// half 1.0 = 0x3c00, -0.5 = 0xb800; bfloat16 3.0 = 0x4040, -0.125 = 0xbe00 (all big-endian here)
		entries.put("archive/data/1", new byte[] { 0x3c, 0x00, (byte) 0xb8, 0x00 });
		entries.put("archive/data/2", new byte[] { 0x40, 0x40, (byte) 0xbe, 0x00 });
		entries.put("archive/version", ascii("3\n"));

		Map<String, PthTensor> tensors = PthStateDictReader.read(write("big.pth", entries));

		assertArrayEquals(new float[] { 1.5f, -2.25f }, tensors.get("a").values());
		assertArrayEquals(new float[] { 1.0f, -0.5f }, tensors.get("h").values());
		assertArrayEquals(new float[] { 3.0f, -0.125f }, tensors.get("b").values());
	}

	/** Views of one storage: transposed, offset with a stride, the whole of it, and a scalar. */
	@Test
	void viewsAreGatheredIntoRowMajorArrays() throws Exception {
		byte[] pickle = stateDict(new PickleWriter()
				.tensorItem("transposed", "FloatStorage", "0", 12, 0, new long[] { 4, 3 }, new long[] { 1, 4 })
				.tensorItem("strided", "FloatStorage", "0", 12, 2, new long[] { 2 }, new long[] { 3 })
				.tensorItem("whole", "FloatStorage", "0", 12, 0, new long[] { 3, 4 }, new long[] { 4, 1 })
				.tensorItem("scalar", "FloatStorage", "0", 12, 5, NONE, NONE)
				.tensorItem("empty", "FloatStorage", "0", 12, 0, new long[] { 0, 4 }, new long[] { 4, 1 }));
		float[] storage = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

		Map<String, PthTensor> tensors = PthStateDictReader.read(torch113("views.pth", pickle,
				Archives.floats(ByteOrder.LITTLE_ENDIAN, storage)));

		assertArrayEquals(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, tensors.get("transposed").values());
		assertArrayEquals(new float[] { 2, 5 }, tensors.get("strided").values());
		assertArrayEquals(storage, tensors.get("whole").values());
		assertArrayEquals(new long[0], tensors.get("scalar").shape());
		assertArrayEquals(new float[] { 5 }, tensors.get("scalar").values());
		assertArrayEquals(new long[] { 0, 4 }, tensors.get("empty").shape());
		assertEquals(0, tensors.get("empty").values().length);
		assertNotSame(tensors.get("whole").values(), tensors.get("transposed").values());
	}

	/**
	 * What a protocol-4 pickler writes: FRAME, SHORT_BINUNICODE + MEMOIZE + STACK_GLOBAL, long memo indices, a
	 * Parameter, and an integer storage (BatchNorm's num_batches_tracked).
	 */
	@Test
	void protocolFourOpcodesAndParametersParse() throws Exception {
		byte[] body = new PickleWriter() //
				.shortString("collections").op(MEMOIZE).shortString("OrderedDict").op(MEMOIZE) // memo 0, 1
				.op(STACK_GLOBAL).op(MEMOIZE) // memo 2: OrderedDict
				.op(')').op('R').op(MEMOIZE) // memo 3: the state_dict
				.mark() //
				.shortString("w").shortString("torch._utils").op(MEMOIZE).shortString("_rebuild_parameter")
				.op(MEMOIZE).op(STACK_GLOBAL).longPut(70000) //
				.tensor("FloatStorage", "0", 2, 0, new long[] { 2 }, new long[] { 1 }) //
				.op(NEWTRUE).longGet(2).op(')').op('R').op(TUPLE3).op('R') // Parameter(data, True, OrderedDict())
				.shortString("n").tensor("LongStorage", "1", 1, 0, NONE, NONE) //
				.op('u').op('.').bytes();
		byte[] pickle = concat(new PickleWriter().proto(4).frame(body.length).bytes(), body);
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("m/data.pkl", pickle);
		entries.put("m/data/0", Archives.floats(ByteOrder.LITTLE_ENDIAN, 7, 8));
		entries.put("m/data/1", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(937).array());

		Map<String, PthTensor> tensors = PthStateDictReader.read(write("p4.pth", entries));

		assertEquals(List.of("w", "n"), List.copyOf(tensors.keySet()));
		assertArrayEquals(new float[] { 7, 8 }, tensors.get("w").values());
		assertArrayEquals(new float[] { 937 }, tensors.get("n").values());
	}

	@Test
	void stackGlobalNamingAForbiddenFunctionIsRefused() throws Exception {
		byte[] pickle = new PickleWriter().proto(4).shortString("os").op(MEMOIZE).shortString("system").op(MEMOIZE)
				.op(STACK_GLOBAL).shortString("echo").op(TUPLE1).op('R').op('.').bytes();
		String message = refusal("stack.pth", pickle);
		assertTrue(message.startsWith("stack.pth: m/data.pkl: ") && message.contains("'os.system'"), message);
	}

	@Test
	void stackGlobalWithComputedNameIsRefused() throws Exception {
		// 'os' and 'system' are on the stack, but not as the two literals just before STACK_GLOBAL
		byte[] pickle = new PickleWriter().proto(4).shortString("os").op(']').op('0').shortString("system").op(STACK_GLOBAL)
				.op('.').bytes();
		String message = refusal("computed.pth", pickle);
		assertTrue(message.contains("STACK_GLOBAL"), message);
	}

	/** Execution would fail first on the unknown memo entry; the scan must already have refused the global. */
	@Test
	void globalsAreCheckedBeforeAnythingIsBuilt() throws Exception {
		byte[] pickle = new PickleWriter().proto(2).global("collections", "OrderedDict").op(')').op('R').get(42)
				.op('0').global("builtins", "eval").string("1").op(TUPLE1).op('R').op('.').bytes();
		String message = refusal("order.pth", pickle);
		assertTrue(message.startsWith("order.pth: m/data.pkl: ") && message.contains("'builtins.eval'"), message);
	}

	@Test
	void unknownOpcodeIsRefused() throws Exception {
		byte[] pickle = new PickleWriter().proto(2).raw("S'text'\n".getBytes(StandardCharsets.US_ASCII)).op('.')
				.bytes();
		String message = refusal("opcode.pth", pickle);
		assertTrue(message.contains("unsupported pickle opcode 0x53"), message);
	}

	@Test
	void checkpointWithNestedDictsIsRefusedWithAdvice() throws Exception {
		byte[] pickle = new PickleWriter().proto(2).op('}').string("model").op('}').op('s').op('.').bytes();
		String message = refusal("checkpoint.pth", pickle);
		assertTrue(message.contains("'model' is a dict, not a tensor") && message.contains("checkpoint"), message);
	}

	@Test
	void viewBeyondItsStorageIsRefused() throws Exception {
		byte[] pickle = stateDict(new PickleWriter()
				.tensorItem("w", "FloatStorage", "0", 4, 1, new long[] { 2, 2 }, new long[] { 2, 1 }));
		PthFormatException refusal = assertThrows(PthFormatException.class, () -> PthStateDictReader
				.read(torch113("beyond.pth", pickle, Archives.floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4))));
		assertTrue(refusal.getMessage().contains("reaches beyond its storage of 4 values"), refusal.getMessage());
	}

	/** A damaged size must not make the reader allocate what it claims. */
	@Test
	void hugeClaimsAreRefusedBeforeAnythingIsAllocated() throws Exception {
		long huge = 1L << 40;
		byte[] pickle = stateDict(new PickleWriter()
				.tensorItem("w", "FloatStorage", "0", huge, 0, new long[] { 1 << 20, 1 << 20 }, new long[] { 1 << 20, 1 }));
		PthFormatException refusal = assertThrows(PthFormatException.class, () -> PthStateDictReader
				.read(torch113("huge.pth", pickle, Archives.floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4))));
		assertTrue(refusal.getMessage().contains("more values than this reader accepts"), refusal.getMessage());
	}

	@Test
	void storageOfTheWrongLengthOrMissingIsRefused() throws Exception {
		byte[] pickle = stateDict(new PickleWriter()
				.tensorItem("w", "FloatStorage", "0", 4, 0, new long[] { 4 }, new long[] { 1 }));
		PthFormatException shortStorage = assertThrows(PthFormatException.class, () -> PthStateDictReader
				.read(torch113("short.pth", pickle, Archives.floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3))));
		assertTrue(shortStorage.getMessage().contains("m/data/0 holds 12 bytes, but 4 values of torch.FloatStorage need 16"),
				shortStorage.getMessage());

		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("m/data.pkl", pickle);
		PthFormatException missing = assertThrows(PthFormatException.class,
				() -> PthStateDictReader.read(write("missing.pth", entries)));
		assertEquals("missing.pth: the archive lacks the storage entry m/data/0", missing.getMessage());
	}

	@Test
	void unknownByteOrderIsRefused() throws Exception {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("m/data.pkl", stateDict(new PickleWriter()));
		entries.put("m/byteorder", ascii("middle"));
		PthFormatException refusal = assertThrows(PthFormatException.class,
				() -> PthStateDictReader.read(write("order.pth", entries)));
		assertTrue(refusal.getMessage().contains("'middle'"), refusal.getMessage());
	}

	@Test
	void zipWithoutDataPklIsRefused() throws Exception {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("readme.txt", ascii("hello"));
		PthFormatException refusal = assertThrows(PthFormatException.class,
				() -> PthStateDictReader.read(write("other.zip", entries)));
		assertTrue(refusal.getMessage().startsWith("other.zip: the zip archive holds no <name>/data.pkl"),
				refusal.getMessage());
	}

	// ------------------------------------------------------------------------------------------------- helpers

	/** OrderedDict() with the given items set, as torch.save writes the top of a state_dict. */
	private static byte[] stateDict(PickleWriter items) {
		byte[] prefix = new PickleWriter().proto(2).global("collections", "OrderedDict").op(')').op('R').mark()
				.bytes();
		return concat(concat(prefix, items.bytes()), new byte[] { 'u', '.' });
	}

	private String refusal(String fileName, byte[] pickle) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("m/data.pkl", pickle);
		PthFormatException refusal = assertThrows(PthFormatException.class,
				() -> PthStateDictReader.read(write(fileName, entries)));
		assertTrue(refusal.getMessage().startsWith(fileName + ": "), refusal.getMessage());
		SeedFixtureTest.assertNoTrace(refusal.getMessage());
		return refusal.getMessage();
	}

	private Path torch113(String fileName, byte[] pickle, byte[] storage0) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("m/data.pkl", pickle);
		entries.put("m/data/0", storage0);
		entries.put("m/version", ascii("3\n"));
		return write(fileName, entries);
	}

	private Path write(String fileName, Map<String, byte[]> entries) throws IOException {
		return Files.write(folder.resolve(fileName), Archives.storedZip(entries));
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] result = new byte[a.length + b.length];
		System.arraycopy(a, 0, result, 0, a.length);
		System.arraycopy(b, 0, result, a.length, b.length);
		return result;
	}
}
