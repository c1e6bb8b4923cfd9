package org.digitworkbench.model;

/** EventAdmin topics the {@link ModelStore} posts (asynchronously); every event carries {@link #NAME}. */
public final class ModelStoreEvents {

	public static final String TOPIC_ALL = "org/digitworkbench/models/*";
	/** A model was saved, imported or renamed (then {@link #OLD_NAME} is set too). */
	public static final String SAVED = "org/digitworkbench/models/SAVED";
	public static final String RENAMED = "org/digitworkbench/models/RENAMED";
	public static final String DELETED = "org/digitworkbench/models/DELETED";
	/** A model's metadata changed in place: an evaluation was recorded (since 0.2.3). */
	public static final String UPDATED = "org/digitworkbench/models/UPDATED";
	/** The active model changed. */
	public static final String ACTIVATED = "org/digitworkbench/models/ACTIVATED";

	public static final String NAME = "name";
	public static final String OLD_NAME = "oldName";

	private ModelStoreEvents() {
	}
}
