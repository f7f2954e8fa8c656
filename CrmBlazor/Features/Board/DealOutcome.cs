namespace CrmBlazor.Features.Board;

/// <summary>What a card's menu asks for: close the deal as won or lost, or reopen a closed one.</summary>
public enum DealOutcome { Won, Lost, Reopen }
