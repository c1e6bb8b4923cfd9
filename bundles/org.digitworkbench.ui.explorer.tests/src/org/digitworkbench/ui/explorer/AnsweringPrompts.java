package org.digitworkbench.ui.explorer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.digitworkbench.model.ModelArchitecture;
import org.eclipse.jface.dialogs.IInputValidator;
import org.eclipse.swt.widgets.Shell;

/**
 * Answers the explorer's questions the way a test scripted them and records what it was asked and told, so no
 * modal dialog waits for a person. A question nobody scripted an answer for fails the test.
 */
final class AnsweringPrompts implements Prompts {

	final Deque<Boolean> confirmAnswers = new ArrayDeque<>();
	final List<String> confirmations = new ArrayList<>();
	final List<String> errors = new ArrayList<>();
	final Deque<String> nameAnswers = new ArrayDeque<>();
	final List<String> nameQuestions = new ArrayList<>();
	final List<IInputValidator> nameValidators = new ArrayList<>();
	final Deque<String> fileAnswers = new ArrayDeque<>();
	final List<String> fileQuestions = new ArrayList<>();
	Prompts.PthImport pthAnswer;
	List<String> offeredArchitectures;
	String suggestedPthName;

	@Override
	public boolean confirm(Shell shell, String title, String message) {
		confirmations.add(title + ": " + message);
		if (confirmAnswers.isEmpty()) {
			throw new AssertionError("unexpected confirmation: " + message);
		}
		return confirmAnswers.removeFirst();
	}

	@Override
	public void error(Shell shell, String title, String message) {
		errors.add(title + ": " + message);
	}

	@Override
	public String askName(Shell shell, String title, String message, String initial, IInputValidator validator) {
		nameQuestions.add(title + ": " + message + " [" + initial + "]");
		nameValidators.add(validator);
		if (nameAnswers.isEmpty()) {
			throw new AssertionError("unexpected question for a name: " + message);
		}
		String answer = nameAnswers.removeFirst();
		String problem = validator.isValid(answer);
		if (problem != null) {
			throw new AssertionError("the dialog would not accept '" + answer + "': " + problem);
		}
		return answer;
	}

	@Override
	public String openFile(Shell shell, String title, String[] extensions, String[] extensionNames) {
		return file(title + " " + String.join(";", extensions));
	}

	@Override
	public String saveFile(Shell shell, String title, String[] extensions, String[] extensionNames, String fileName) {
		return file(title + " " + fileName);
	}

	private String file(String question) {
		fileQuestions.add(question);
		if (fileAnswers.isEmpty()) {
			throw new AssertionError("unexpected file dialog: " + question);
		}
		return fileAnswers.removeFirst();
	}

	@Override
	public PthImport choosePthImport(Shell shell, String fileName, List<ModelArchitecture> architectures,
			String suggestedName, IInputValidator nameValidator) {
		offeredArchitectures = architectures.stream().map(ModelArchitecture::id).toList();
		suggestedPthName = suggestedName;
		if (pthAnswer == null) {
			throw new AssertionError("unexpected .pth import dialog for " + fileName);
		}
		String problem = nameValidator.isValid(pthAnswer.name());
		if (problem != null) {
			throw new AssertionError("the dialog would not accept '" + pthAnswer.name() + "': " + problem);
		}
		return pthAnswer;
	}
}
