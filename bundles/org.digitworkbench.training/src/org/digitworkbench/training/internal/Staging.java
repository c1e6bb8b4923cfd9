package org.digitworkbench.training.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Data on its way from Java into libtorch through one direct buffer that is used again and again. DJL hands libtorch
 * a direct buffer's memory without copying it, and copies a heap array into a new direct buffer first; such buffers
 * are freed only when the Java heap is collected, which a training or an evaluation loop, allocating little on the
 * heap, seldom triggers: 200 KB a batch piled up to hundreds of MB of resident memory. Here the data is copied once
 * more, into memory libtorch owns, and the buffer is free for the next batch. Not for use by two threads at once.
 */
final class Staging {

	private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

	/** A buffer of at least {@code bytes}, native byte order, position 0, limit {@code bytes}, to fill and then {@link #copy}. */
	ByteBuffer buffer(int bytes) {
		if (buffer.capacity() < bytes) {
			buffer = ByteBuffer.allocateDirect(Math.max(bytes, 2 * buffer.capacity())).order(ByteOrder.nativeOrder());
		}
		buffer.clear().limit(bytes);
		return buffer.order(ByteOrder.nativeOrder());
	}

	/** The filled buffer as a tensor of libtorch's own memory, owned by {@code manager}. */
	NDArray copy(NDManager manager, Shape shape, DataType type) {
		ByteBuffer data = buffer.duplicate().order(ByteOrder.nativeOrder());
		data.position(0).limit(Math.toIntExact(shape.size() * type.getNumOfBytes()));
		try (NDArray view = manager.create(data.slice().order(ByteOrder.nativeOrder()), shape, type)) {
			return view.duplicate();
		}
	}

	/** {@code length} bytes of {@code data} from {@code offset}, as a tensor of libtorch's own memory. */
	NDArray bytes(NDManager manager, byte[] data, int offset, int length, Shape shape, DataType type) {
		buffer(length).put(data, offset, length);
		return copy(manager, shape, type);
	}
}
