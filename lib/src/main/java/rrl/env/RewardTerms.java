package rrl.env;

/**
 * The terms of one step's reward, named as in Gymnasium's info dict; reward = forward + survive - ctrl -
 * contact. Mutable and reused per environment so the hot loop allocates nothing.
 */
public final class RewardTerms {
    public double forward;
    public double survive;
    public double ctrlCost;
    public double contactCost;
    public double xPosition;
    public double yPosition;
    public double xVelocity;
    public double yVelocity;

    public double total() {
        return forward + survive - ctrlCost - contactCost;
    }
}
