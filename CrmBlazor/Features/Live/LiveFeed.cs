namespace CrmBlazor.Features.Live;

/// <summary>A live view's end of <see cref="LiveChannel"/>: <see cref="LiveListener"/> hands it the messages of its kind.</summary>
public interface ILiveFeed
{
    /// <summary>The kind its messages carry on the channel.</summary>
    string Kind { get; }

    /// <summary>A message's body; it comes from any node of the app, this one included.</summary>
    void Receive(string body);

    /// <summary>
    /// The node's LISTEN is in place again after a while without it: what was notified meanwhile is lost, so every
    /// local subscriber should reload.
    /// </summary>
    void ReloadAll();
}
