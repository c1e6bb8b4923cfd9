package org.digitworkbench.model.pth.tests;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, the way torch.save (protocol 2) or a newer pickler (protocol 4) lays them out. */
final class PickleWriter {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	PickleWriter op(int opcode) {
		out.write(opcode);
		return this;
	}

	PickleWriter proto(int protocol) {
		return op(0x80).op(protocol);
	}

	PickleWriter frame(long length) {
		op(0x95);
		return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array());
	}

	PickleWriter global(String module, String name) {
		op('c');
		return raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
	}

	PickleWriter string(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		op('X');
		raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
		return raw(utf8);
	}

	PickleWriter shortString(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		return op(0x8c).op(utf8.length).raw(utf8);
	}

	PickleWriter integer(long value) {
		if (value >= 0 && value < 256) {
			return op('K').op((int) value);
		} else if (value >= 0 && value < 65536) {
			return op('M').op((int) value & 0xff).op((int) (value >> 8));
		} else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
			op('J');
			return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
		}
		op(0x8a).op(8);
		return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
	}

	PickleWriter put(int index) {
		return op('q').op(index);
	}

	PickleWriter longPut(int index) {
		op('r');
		return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(index).array());
	}

	PickleWriter get(int index) {
		return op('h').op(index);
	}

	PickleWriter longGet(int index) {
		op('j');
		return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(index).array());
	}

	PickleWriter mark() {
		return op('(');
	}

	/** A tuple of small non-negative integers, as torch writes sizes and strides. */
	PickleWriter intTuple(long... values) {
		if (values.length == 0) {
			return op(')');
		}
		mark();
		for (long value : values) {
			integer(value);
		}
		return op('t');
	}

	/** One {@code name → tensor} item of a state_dict, to go between MARK and SETITEMS. */
	PickleWriter tensorItem(String name, String storageType, String key, long numel, long offset, long[] size,
			long[] stride) {
		return string(name).tensor(storageType, key, numel, offset, size, stride);
	}

	/**
	 * {@code _rebuild_tensor_v2(('storage', torch.<type>, key, 'cpu', numel), offset, size, stride, False,
	 * OrderedDict())} with the globals spelled out (no memo).
	 */
	PickleWriter tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
		global("torch._utils", "_rebuild_tensor_v2");
		mark();
		mark().string("storage").global("torch", storageType).string(key).string("cpu").integer(numel).op('t');
		op('Q');
		integer(offset).intTuple(size).intTuple(stride).op(0x89);
		global("collections", "OrderedDict").op(')').op('R');
		op('t');
		return op('R');
	}

	PickleWriter raw(byte... bytes) {
		out.writeBytes(bytes);
		return this;
	}

	byte[] bytes() {
		return out.toByteArray();
	}
}
