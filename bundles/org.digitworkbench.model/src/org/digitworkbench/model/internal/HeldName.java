package org.digitworkbench.model.internal;

import java.nio.file.Path;

import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelNames;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.NameReservation;

import ai.djl.Model;

/** A name this process holds ({@link NameReservations}); saving through it is the one save the name allows. */
final class HeldName implements NameReservation {

	/** The store's save, told which reservation it saves under. */
	@FunctionalInterface
	interface Saver {
		ModelMetadata save(ModelMetadata metadata, Model model, HeldName reservation) throws ModelStoreException;
	}

	private final String name;
	private final Path file;
	private final NameReservations reservations;
	private final Saver saver;
	private volatile boolean open = true;

	HeldName(String name, Path file, NameReservations reservations, Saver saver) {
		this.name = name;
		this.file = file;
		this.reservations = reservations;
		this.saver = saver;
	}

	@Override
	public String name() {
		return name;
	}

	/** Whether this reservation, still held, is the one of {@code other} (case aside). */
	boolean holds(String other) {
		return open && ModelNames.sameFolder(name, other) && reservations.isOurs(file);
	}

	@Override
	public ModelMetadata save(ModelMetadata metadata, Model model) throws ModelStoreException {
		if (!open) {
			throw new ModelStoreException("the reservation of '" + name + "' was given up; the model was not saved");
		}
		if (!name.equals(metadata.name())) {
			throw new ModelStoreException("'" + metadata.name() + "' is not the reserved name '" + name + "'");
		}
		return saver.save(metadata, model, this);
	}

	@Override
	public void close() {
		if (open) {
			open = false;
			reservations.release(file);
		}
	}

	@Override
	public String toString() {
		return "reservation of '" + name + "'";
	}
}
