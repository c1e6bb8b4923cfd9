package org.digitworkbench.model.internal.pth;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader that understands only what {@code torch.save(model.state_dict())} writes into {@code data.pkl}.
 * <p>
 * It works in two passes. The first decodes the whole opcode stream and checks every opcode and every global
 * against an allow-list, so a file that names anything else (for example {@code os.system}) is refused before a
 * single value is built. The second runs a small stack machine over the decoded instructions that only builds inert
 * data: strings, numbers, tuples, lists, dicts, storage references and tensor descriptions. No Java deserialisation
 * and no code of any kind is involved; a "call" of an allowed global just records its arguments.
 * <p>
 * Everything is bounded by the size of the pickle: strings and integers cannot claim more bytes than remain, the
 * stack and the memo are capped, and no value is ever walked recursively.
 */
final class RestrictedUnpickler {

	/** A state_dict's pickle is a few hundred bytes per tensor; this allows ~100,000 tensors. */
	static final int MAX_PICKLE_BYTES = 16 << 20;
	static final int MAX_STACK = 1 << 20;
	static final int MAX_MEMO = 1 << 20;
	static final int MAX_DIMENSIONS = 64;
	private static final int MAX_GLOBAL_PART = 256;
	private static final int MAX_HIGHEST_PROTOCOL = 5;

	static final String ORDERED_DICT = "collections.OrderedDict";
	static final String REBUILD_TENSOR_V2 = "torch._utils._rebuild_tensor_v2";
	static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";

	// The opcodes this reader knows (names as in CPython's pickletools).
	private static final int MARK = '(', STOP = '.', POP = '0', POP_MARK = '1', NONE = 'N', BININT = 'J',
			BININT1 = 'K', BININT2 = 'M', LONG1 = 0x8a, LONG4 = 0x8b, BINFLOAT = 'G', BINUNICODE = 'X',
			BINUNICODE8 = 0x8d, SHORT_BINUNICODE = 0x8c, EMPTY_LIST = ']', APPEND = 'a', APPENDS = 'e', LIST = 'l',
			EMPTY_TUPLE = ')', TUPLE = 't', TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87, EMPTY_DICT = '}', DICT = 'd',
			SETITEM = 's', SETITEMS = 'u', BINGET = 'h', LONG_BINGET = 'j', BINPUT = 'q', LONG_BINPUT = 'r',
			MEMOIZE = 0x94, GLOBAL = 'c', STACK_GLOBAL = 0x93, REDUCE = 'R', BUILD = 'b', BINPERSID = 'Q',
			NEWTRUE = 0x88, NEWFALSE = 0x89, PROTO = 0x80, FRAME = 0x95;

	/** Python's None (Java null is kept out of the machine so that a missing value is never mistaken for it). */
	static final Object PY_NONE = new Object() {
		@Override
		public String toString() {
			return "None";
		}
	};

	/** A global that passed the allow-list. */
	record Global(String module, String name) {
		String qualifiedName() {
			return module + "." + name;
		}
	}

	/** A Python tuple. Not a record: its equality would recurse, and tuples are never dict keys here. */
	static final class PyTuple {
		final List<Object> items;

		PyTuple(List<Object> items) {
			this.items = items;
		}
	}

	static final class PyList {
		final List<Object> items = new ArrayList<>();
	}

	static final class PyDict {
		final Map<Object, Object> entries = new LinkedHashMap<>();
		final boolean ordered;

		PyDict(boolean ordered) {
			this.ordered = ordered;
		}
	}

	/** The persistent id {@code ('storage', torch.FloatStorage, key, location, numel)}: one {@code data/<key>}. */
	record StorageRef(StorageType type, String key, long numel) {
	}

	/** What {@code _rebuild_tensor_v2(storage, offset, size, stride, …)} describes. */
	record TensorSpec(StorageRef storage, long offset, long[] size, long[] stride) {
	}

	private record Instruction(int opcode, int offset, Object argument) {
	}

	private final Path file;
	private final String entryName;
	private final byte[] pickle;
	private int position;

	private RestrictedUnpickler(Path file, String entryName, byte[] pickle) {
		this.file = file;
		this.entryName = entryName;
		this.pickle = pickle;
	}

	/**
	 * Checks, then evaluates a state_dict pickle and returns its top-level value (normally a {@link PyDict} of
	 * {@link TensorSpec}).
	 */
	static Object load(Path file, String entryName, byte[] pickle) throws PthFormatException {
		RestrictedUnpickler unpickler = new RestrictedUnpickler(file, entryName, pickle);
		List<Instruction> program = unpickler.scan();
		return unpickler.execute(program);
	}

	// ---------------------------------------------------------------------------------------------- pass 1: scan

	private List<Instruction> scan() throws PthFormatException {
		List<Instruction> program = new ArrayList<>();
		// What the stack machine will see, as far as STACK_GLOBAL needs it: the string literals pushed since the
		// last other operation, and which memo slots hold string literals.
		List<String> recentStrings = new ArrayList<>();
		Map<Long, String> memoStrings = new HashMap<>();
		Set<Long> memoKeys = new HashSet<>();
		while (true) {
			if (position >= pickle.length) {
				throw refuse("it ends without a STOP opcode (the file is cut short or damaged)");
			}
			int offset = position;
			int opcode = pickle[position++] & 0xff;
			Object argument = null;
			boolean pushesString = false;
			boolean keepsRecentStrings = false;
			switch (opcode) {
			case PROTO -> {
				long protocol = readUnsigned(1);
				if (protocol > MAX_HIGHEST_PROTOCOL) {
					throw refuse("unsupported pickle protocol " + protocol);
				}
				keepsRecentStrings = true;
			}
			case FRAME -> {
				long frameLength = readLittleEndianLong(8);
				if (frameLength < 0 || frameLength > pickle.length - position) {
					throw refuse("a frame claims " + frameLength + " bytes but only " + (pickle.length - position)
							+ " remain");
				}
				keepsRecentStrings = true;
			}
			case BINUNICODE -> {
				argument = readString(readUnsigned(4));
				pushesString = true;
			}
			case BINUNICODE8 -> {
				argument = readString(readLittleEndianLong(8));
				pushesString = true;
			}
			case SHORT_BINUNICODE -> {
				argument = readString(readUnsigned(1));
				pushesString = true;
			}
			case BININT -> argument = (long) (int) readUnsigned(4);
			case BININT1 -> argument = readUnsigned(1);
			case BININT2 -> argument = readUnsigned(2);
			case LONG1 -> argument = readLong(readUnsigned(1));
			case LONG4 -> argument = readLong((int) readUnsigned(4));
			case BINFLOAT -> argument = ByteBuffer.wrap(take(8)).order(ByteOrder.BIG_ENDIAN).getDouble();
			case BINPUT, LONG_BINPUT, MEMOIZE -> {
				long key = switch (opcode) {
				case BINPUT -> readUnsigned(1);
				case LONG_BINPUT -> readUnsigned(4);
				default -> memoKeys.size();
				};
				if (memoKeys.add(key) && memoKeys.size() > MAX_MEMO) {
					throw refuse("more than " + MAX_MEMO + " memo entries");
				}
				if (!recentStrings.isEmpty()) {
					memoStrings.put(key, recentStrings.getLast());
				} else {
					memoStrings.remove(key);
				}
				argument = key;
				keepsRecentStrings = true;
			}
			case BINGET, LONG_BINGET -> {
				long key = readUnsigned(opcode == BINGET ? 1 : 4);
				argument = key;
				String literal = memoStrings.get(key);
				if (literal != null) {
					recentStrings.add(literal);
					keepsRecentStrings = true;
				}
			}
			case GLOBAL -> {
				String module = readLine();
				String name = readLine();
				argument = allowedGlobal(module, name);
			}
			case STACK_GLOBAL -> {
				if (recentStrings.size() < 2) {
					throw refuse("STACK_GLOBAL at byte " + offset
							+ " takes its name from computed values; only literal names can be checked, so it is refused");
				}
				argument = allowedGlobal(recentStrings.get(recentStrings.size() - 2), recentStrings.getLast());
			}
			case STOP -> {
				program.add(new Instruction(opcode, offset, null));
				return program; // bytes after STOP are never read, as in Python
			}
			case MARK, POP, POP_MARK, NONE, NEWTRUE, NEWFALSE, EMPTY_LIST, APPEND, APPENDS, LIST, EMPTY_TUPLE, TUPLE,
					TUPLE1, TUPLE2, TUPLE3, EMPTY_DICT, DICT, SETITEM, SETITEMS, REDUCE, BUILD, BINPERSID -> {
				// no argument
			}
			default -> throw refuse(String.format(
					"unsupported pickle opcode 0x%02x at byte %d (a state_dict written by torch.save never uses it)",
					opcode, offset));
			}
			if (pushesString) {
				recentStrings.add((String) argument);
			} else if (!keepsRecentStrings) {
				recentStrings.clear();
			}
			if (recentStrings.size() > 2) {
				recentStrings.removeFirst();
			}
			program.add(new Instruction(opcode, offset, argument));
		}
	}

	private Global allowedGlobal(String module, String name) throws PthFormatException {
		Global global = new Global(module, name);
		String qualified = global.qualifiedName();
		boolean allowed = qualified.equals(ORDERED_DICT) || qualified.equals(REBUILD_TENSOR_V2)
				|| qualified.equals(REBUILD_PARAMETER)
				|| (module.equals(StorageType.MODULE) && StorageType.byClassName(name) != null);
		if (allowed) {
			return global;
		}
		String hint;
		if (module.startsWith("__torch__")) {
			hint = " This looks like a TorchScript archive (torch.jit.save); save the state_dict instead: "
					+ PthStateDictReader.RESAVE_ADVICE + ".";
		} else if (module.equals("__main__") || module.startsWith("torch.nn")) {
			hint = " This looks like a whole pickled model rather than its weights; save the state_dict instead: "
					+ PthStateDictReader.RESAVE_ADVICE + ".";
		} else {
			hint = "";
		}
		throw refuse("it refers to the Python global '" + printable(qualified)
				+ "', which a tensor state_dict never needs; the file was refused before anything was built or run."
				+ hint);
	}

	private long readUnsigned(int bytes) throws PthFormatException {
		byte[] raw = take(bytes);
		long value = 0;
		for (int i = bytes - 1; i >= 0; i--) {
			value = (value << 8) | (raw[i] & 0xff);
		}
		return value;
	}

	private long readLittleEndianLong(int bytes) throws PthFormatException {
		return ByteBuffer.wrap(take(bytes)).order(ByteOrder.LITTLE_ENDIAN).getLong();
	}

	/** LONG1/LONG4: little-endian two's complement. */
	private Object readLong(long length) throws PthFormatException {
		byte[] littleEndian = take(length);
		byte[] bigEndian = new byte[littleEndian.length];
		for (int i = 0; i < littleEndian.length; i++) {
			bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
		}
		BigInteger value = bigEndian.length == 0 ? BigInteger.ZERO : new BigInteger(bigEndian);
		return value.bitLength() < 64 ? (Object) value.longValue() : value;
	}

	private String readString(long length) throws PthFormatException {
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(take(length))).toString();
		} catch (CharacterCodingException e) {
			throw refuse("a string before byte " + position + " is not valid UTF-8");
		}
	}

	/** GLOBAL's operands: a line of printable ASCII. */
	private String readLine() throws PthFormatException {
		int start = position;
		while (position < pickle.length && position - start <= MAX_GLOBAL_PART) {
			int b = pickle[position++] & 0xff;
			if (b == '\n') {
				return new String(pickle, start, position - 1 - start, StandardCharsets.US_ASCII);
			}
			if (b < 0x20 || b > 0x7e) {
				throw refuse("the GLOBAL opcode near byte " + start + " holds a non-printable name");
			}
		}
		throw refuse("the GLOBAL opcode near byte " + start + " has no proper name (too long or cut short)");
	}

	private byte[] take(long length) throws PthFormatException {
		if (length < 0 || length > pickle.length - position) {
			throw refuse("an operand at byte " + position + " claims " + length + " bytes but only "
					+ (pickle.length - position) + " remain (the file is cut short or damaged)");
		}
		byte[] bytes = new byte[(int) length];
		System.arraycopy(pickle, position, bytes, 0, bytes.length);
		position += bytes.length;
		return bytes;
	}

	// ------------------------------------------------------------------------------------------- pass 2: execute

	private final ArrayList<Object> stack = new ArrayList<>();
	private final ArrayList<Integer> marks = new ArrayList<>();
	private final Map<Long, Object> memo = new HashMap<>();
	private final Map<String, StorageRef> storages = new HashMap<>();

	private Object execute(List<Instruction> program) throws PthFormatException {
		for (Instruction instruction : program) {
			position = instruction.offset();
			Object argument = instruction.argument();
			switch (instruction.opcode()) {
			case PROTO, FRAME -> {
				// framing only
			}
			case MARK -> {
				marks.add(stack.size());
				if (marks.size() > MAX_STACK) {
					throw refuse("the pickle nests deeper than " + MAX_STACK + " marks");
				}
			}
			case STOP -> {
				Object result = pop();
				if (!stack.isEmpty() || !marks.isEmpty()) {
					throw refuse("values are left on the stack at STOP");
				}
				return result;
			}
			case POP -> pop();
			case POP_MARK -> popMark();
			case NONE -> push(PY_NONE);
			case NEWTRUE -> push(Boolean.TRUE);
			case NEWFALSE -> push(Boolean.FALSE);
			case BININT, BININT1, BININT2, LONG1, LONG4, BINFLOAT, BINUNICODE, BINUNICODE8, SHORT_BINUNICODE, GLOBAL ->
				push(argument);
			case STACK_GLOBAL -> {
				Object name = pop();
				Object module = pop();
				Global global = (Global) argument;
				if (!global.module().equals(module) || !global.name().equals(name)) {
					throw refuse("STACK_GLOBAL at byte " + position + " does not name what its checked literals said");
				}
				push(global);
			}
			case EMPTY_LIST -> push(new PyList());
			case EMPTY_DICT -> push(new PyDict(false));
			case EMPTY_TUPLE -> push(new PyTuple(List.of()));
			case TUPLE -> push(new PyTuple(popMark()));
			case TUPLE1, TUPLE2, TUPLE3 -> {
				int count = instruction.opcode() - TUPLE1 + 1;
				Object[] items = new Object[count];
				for (int i = count - 1; i >= 0; i--) {
					items[i] = pop();
				}
				push(new PyTuple(List.of(items)));
			}
			case LIST -> {
				PyList list = new PyList();
				list.items.addAll(popMark());
				push(list);
			}
			case DICT -> {
				PyDict dict = new PyDict(false);
				putAll(dict, popMark());
				push(dict);
			}
			case APPEND -> {
				Object value = pop();
				top(PyList.class, "APPEND").items.add(value);
			}
			case APPENDS -> {
				List<Object> values = popMark();
				top(PyList.class, "APPENDS").items.addAll(values);
			}
			case SETITEM -> {
				Object value = pop();
				Object key = pop();
				put(top(PyDict.class, "SETITEM"), key, value);
			}
			case SETITEMS -> {
				List<Object> items = popMark();
				putAll(top(PyDict.class, "SETITEMS"), items);
			}
			case BINPUT, LONG_BINPUT, MEMOIZE -> {
				if (stack.isEmpty() || (!marks.isEmpty() && marks.getLast() == stack.size())) {
					throw refuse("a memo store at byte " + position + " finds an empty stack");
				}
				memo.put((Long) argument, stack.getLast());
			}
			case BINGET, LONG_BINGET -> {
				Object value = memo.get(argument);
				if (value == null) {
					throw refuse("byte " + position + " recalls memo entry " + argument + ", which was never stored");
				}
				push(value);
			}
			case BINPERSID -> push(storageOf(pop()));
			case REDUCE -> {
				Object arguments = pop();
				Object callable = pop();
				push(call(callable, arguments));
			}
			case BUILD -> {
				Object state = pop();
				Object target = stackTop("BUILD");
				// torch.save stores the state_dict's _metadata (module versions) as the OrderedDict's attribute.
				if (!(target instanceof PyDict dict && dict.ordered && state instanceof PyDict)) {
					throw refuse("BUILD at byte " + position + " sets the state of " + describe(target)
							+ ", which a state_dict never does");
				}
			}
			default -> throw new IllegalStateException("opcode passed the scan but has no semantics: " + instruction);
			}
		}
		throw refuse("it ends without a STOP opcode");
	}

	private Object call(Object callable, Object arguments) throws PthFormatException {
		if (!(callable instanceof Global global)) {
			throw refuse("REDUCE at byte " + position + " calls " + describe(callable));
		}
		if (!(arguments instanceof PyTuple tuple)) {
			throw refuse("REDUCE at byte " + position + " passes " + describe(arguments) + " as arguments");
		}
		List<Object> args = tuple.items;
		switch (global.qualifiedName()) {
		case ORDERED_DICT -> {
			if (!args.isEmpty()) {
				throw refuse("OrderedDict is built with arguments at byte " + position);
			}
			return new PyDict(true);
		}
		case REBUILD_TENSOR_V2 -> {
			// (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
			if (args.size() != 6 && args.size() != 7) {
				throw refuse("_rebuild_tensor_v2 at byte " + position + " gets " + args.size() + " arguments");
			}
			if (!(args.get(0) instanceof StorageRef storage)) {
				throw refuse("_rebuild_tensor_v2 at byte " + position + " gets " + describe(args.get(0))
						+ " instead of a storage");
			}
			long offset = nonNegative(args.get(1), "storage offset");
			long[] size = dimensions(args.get(2), "size");
			long[] stride = dimensions(args.get(3), "stride");
			if (size.length != stride.length) {
				throw refuse("a tensor at byte " + position + " has " + size.length + " sizes but " + stride.length
						+ " strides");
			}
			if (!(args.get(4) instanceof Boolean) || !(args.get(5) instanceof PyDict)) {
				throw refuse("_rebuild_tensor_v2 at byte " + position + " has unexpected requires_grad or hooks");
			}
			if (args.size() == 7 && !(args.get(6) == PY_NONE || args.get(6) instanceof PyDict)) {
				throw refuse("_rebuild_tensor_v2 at byte " + position + " has unexpected metadata");
			}
			return new TensorSpec(storage, offset, size, stride);
		}
		case REBUILD_PARAMETER -> {
			// (data, requires_grad, backward_hooks): a Parameter is its tensor here
			if (args.size() != 3 || !(args.get(0) instanceof TensorSpec tensor)) {
				throw refuse("_rebuild_parameter at byte " + position + " does not get a tensor");
			}
			return tensor;
		}
		default -> throw refuse(global.qualifiedName() + " is called at byte " + position
				+ ", which a state_dict never does");
		}
	}

	private StorageRef storageOf(Object persistentId) throws PthFormatException {
		if (!(persistentId instanceof PyTuple tuple) || tuple.items.size() != 5
				|| !"storage".equals(tuple.items.get(0))) {
			throw refuse("the persistent id at byte " + position + " is not ('storage', type, key, location, numel)");
		}
		List<Object> id = tuple.items;
		if (!(id.get(1) instanceof Global global) || !global.module().equals(StorageType.MODULE)
				|| StorageType.byClassName(global.name()) == null) {
			throw refuse("the persistent id at byte " + position + " names no torch storage type");
		}
		StorageType type = StorageType.byClassName(global.name());
		if (!(id.get(2) instanceof String key) || key.isEmpty() || key.length() > MAX_GLOBAL_PART || key.contains("/")
				|| key.equals("..") || key.equals(".")) {
			throw refuse("the persistent id at byte " + position + " has an unusable storage key");
		}
		if (!(id.get(3) instanceof String)) {
			throw refuse("the persistent id at byte " + position + " has no device location");
		}
		long numel = nonNegative(id.get(4), "storage size");
		StorageRef storage = new StorageRef(type, key, numel);
		StorageRef earlier = storages.putIfAbsent(key, storage);
		if (earlier != null && !earlier.equals(storage)) {
			throw refuse("storage '" + printable(key) + "' is described twice with different types or sizes");
		}
		return earlier != null ? earlier : storage;
	}

	private long[] dimensions(Object value, String what) throws PthFormatException {
		if (!(value instanceof PyTuple tuple)) {
			throw refuse("a tensor's " + what + " at byte " + position + " is " + describe(value));
		}
		if (tuple.items.size() > MAX_DIMENSIONS) {
			throw refuse("a tensor at byte " + position + " has more than " + MAX_DIMENSIONS + " dimensions");
		}
		long[] result = new long[tuple.items.size()];
		for (int i = 0; i < result.length; i++) {
			result[i] = nonNegative(tuple.items.get(i), what);
		}
		return result;
	}

	private long nonNegative(Object value, String what) throws PthFormatException {
		if (!(value instanceof Long number) || number < 0) {
			throw refuse("a " + what + " at byte " + position + " is " + describe(value)
					+ " instead of a non-negative integer");
		}
		return number;
	}

	private void putAll(PyDict dict, List<Object> items) throws PthFormatException {
		if (items.size() % 2 != 0) {
			throw refuse("SETITEMS at byte " + position + " has an odd number of items");
		}
		for (int i = 0; i < items.size(); i += 2) {
			put(dict, items.get(i), items.get(i + 1));
		}
	}

	/** Only scalar keys: their hashing never recurses, whatever a damaged file nests. */
	private void put(PyDict dict, Object key, Object value) throws PthFormatException {
		if (!(key instanceof String || key instanceof Long || key instanceof BigInteger || key instanceof Boolean
				|| key instanceof Double || key == PY_NONE)) {
			throw refuse("a dict at byte " + position + " gets " + describe(key) + " as key");
		}
		dict.entries.put(key, value);
	}

	private void push(Object value) throws PthFormatException {
		if (stack.size() >= MAX_STACK) {
			throw refuse("the pickle stack grows beyond " + MAX_STACK + " values");
		}
		stack.add(value);
	}

	private Object pop() throws PthFormatException {
		int floor = marks.isEmpty() ? 0 : marks.getLast();
		if (stack.size() <= floor) {
			throw refuse("byte " + position + " takes a value from an empty stack");
		}
		return stack.removeLast();
	}

	private Object stackTop(String opcodeName) throws PthFormatException {
		int floor = marks.isEmpty() ? 0 : marks.getLast();
		if (stack.size() <= floor) {
			throw refuse(opcodeName + " at byte " + position + " finds an empty stack");
		}
		return stack.getLast();
	}

	private <T> T top(Class<T> type, String opcodeName) throws PthFormatException {
		Object value = stackTop(opcodeName);
		if (!type.isInstance(value)) {
			throw refuse(opcodeName + " at byte " + position + " applies to " + describe(value));
		}
		return type.cast(value);
	}

	private List<Object> popMark() throws PthFormatException {
		if (marks.isEmpty()) {
			throw refuse("byte " + position + " needs a MARK that is not there");
		}
		int mark = marks.removeLast();
		List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
		stack.subList(mark, stack.size()).clear();
		return items;
	}

	// ------------------------------------------------------------------------------------------------- messages

	private PthFormatException refuse(String problem) {
		return new PthFormatException(file, entryName + ": " + problem);
	}

	/** A short, non-recursive description of a value for messages, with its article ("a tuple", "an integer"). */
	static String describe(Object value) {
		if (value instanceof String) {
			return "a string";
		} else if (value instanceof Long || value instanceof BigInteger) {
			return "an integer";
		} else if (value instanceof Double) {
			return "a float";
		} else if (value instanceof Boolean) {
			return "a bool";
		} else if (value == PY_NONE) {
			return "None";
		} else if (value instanceof PyTuple) {
			return "a tuple";
		} else if (value instanceof PyList) {
			return "a list";
		} else if (value instanceof PyDict) {
			return "a dict";
		} else if (value instanceof Global global) {
			return "the reference " + global.qualifiedName();
		} else if (value instanceof StorageRef) {
			return "a storage";
		} else if (value instanceof TensorSpec) {
			return "a tensor";
		}
		return "a value of an unknown kind";
	}

	/** Text from the file, safe to put in a message. */
	static String printable(String text) {
		String shortened = text.length() > 80 ? text.substring(0, 80) + "…" : text;
		StringBuilder result = new StringBuilder(shortened.length());
		shortened.codePoints().forEach(c -> result.appendCodePoint(Character.isISOControl(c) ? '?' : c));
		return result.toString();
	}
}
