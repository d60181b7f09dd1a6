package dev.leti.trainer.training;

/**
 * Where a job stands at its last resume point, kept in {@code <job dir>/resume.json}; the
 * model and optimizer state are in the directory it names. The data order is a function of the
 * seed and the step, so the step is the whole data position.
 *
 * @param directory       name of the resume checkpoint inside the job directory
 * @param letiSteps       LeTI steps done (each followed by its regularisation steps)
 * @param trainedTokens   target tokens trained on so far, regularisation included
 * @param initialLoss     mean LeTI loss of the first reporting window; NaN until it is known
 * @param windowLossSum   summed LeTI loss of the reporting window in progress
 * @param windowSteps     LeTI steps in that window
 */
record ResumePoint(String directory, int letiSteps, long trainedTokens, double initialLoss,
        double windowLossSum, int windowSteps) {
}
