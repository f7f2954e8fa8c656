using QRCoder;

namespace CrmBlazor.Features.Account.TwoFactor;

/// <summary>A QR code drawn on the server as SVG markup: no script, no CDN, nothing leaves the machine.</summary>
public static class QrCodeSvg
{
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
