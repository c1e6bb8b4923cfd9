package org.digitworkbench.model.internal.pth;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The torch storage classes a state_dict refers to ({@code torch.FloatStorage} …), with how one element is stored
 * and how it becomes a float32. Integer storages occur in state_dicts too (BatchNorm's {@code num_batches_tracked}).
 */
enum StorageType {
	FLOAT("FloatStorage", 4), DOUBLE("DoubleStorage", 8), HALF("HalfStorage", 2), BFLOAT16("BFloat16Storage", 2),
	LONG("LongStorage", 8), INT("IntStorage", 4), SHORT("ShortStorage", 2), CHAR("CharStorage", 1),
	BYTE("ByteStorage", 1), BOOL("BoolStorage", 1);

	static final String MODULE = "torch";

	private static final Map<String, StorageType> BY_CLASS_NAME = Stream.of(values())
			.collect(Collectors.toUnmodifiableMap(type -> type.className, Function.identity()));

	final String className;
	final int elementBytes;

	StorageType(String className, int elementBytes) {
		this.className = className;
		this.elementBytes = elementBytes;
	}

	/** The type named {@code torch.<className>}, or null. */
	static StorageType byClassName(String className) {
		return BY_CLASS_NAME.get(className);
	}

	String qualifiedName() {
		return MODULE + "." + className;
	}

	/** Reads one element at the buffer's position (in the buffer's byte order) and converts it to float32. */
	float next(ByteBuffer buffer) {
		return switch (this) {
		case FLOAT -> buffer.getFloat();
		case DOUBLE -> (float) buffer.getDouble();
		case HALF -> Float.float16ToFloat(buffer.getShort());
		case BFLOAT16 -> Float.intBitsToFloat((buffer.getShort() & 0xffff) << 16);
		case LONG -> buffer.getLong();
		case INT -> buffer.getInt();
		case SHORT -> buffer.getShort();
		case CHAR -> buffer.get();
		case BYTE -> buffer.get() & 0xff;
		case BOOL -> buffer.get() != 0 ? 1f : 0f;
		};
	}
}
