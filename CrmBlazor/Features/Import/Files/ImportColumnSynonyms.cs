using static CrmBlazor.Features.Import.ImportFields;

namespace CrmBlazor.Features.Import;

/// <summary>
/// The column headers each field is known by, as the CRMs, address books and spreadsheets we import from write them.
/// Matching ignores case, accents, spaces, punctuation, digits and remarks in parentheses, so "E-mail 1 - Value" is
/// listed once for every "E-Mail 1: value" or "email_1_value", and "Probability (%)" once for "Probability". Within a field, earlier headers are the better match: when two columns could
/// fill the same field, the one with the earlier header gets it.
/// </summary>
internal static class ImportColumnSynonyms
{
    /// <summary>
    /// Words a header may start with that name the record being imported ("Contact owner", "Deal - Value",
    /// "Billing City"): a header not known as it is is looked up again without them, as a weaker match.
    /// </summary>
    public static string[] Qualifiers(ImportKind kind) => kind switch
    {
        ImportKind.Contacts => ["Contact", "Person", "Lead", "Primary", "Work"],
        ImportKind.Companies => ["Company", "Organization", "Organisation", "Account", "Billing", "Shipping", "Mailing"],
        ImportKind.Deals => ["Deal", "Opportunity"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static IReadOnlyList<(string Field, string[] Headers)> For(ImportKind kind) => kind switch
    {
        ImportKind.Contacts => Contacts,
        ImportKind.Companies => Companies,
        ImportKind.Deals => Deals,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly string[] OwnerHeaders =
    [
        "Owner", "Record Owner", "Assigned To", "Sales Rep", "Sales Owner",
        "Besitzer", "Verantwortlich", "Zuständig", "Propriétaire", "Responsable", "Propietario",
    ];

    private static readonly string[] TagHeaders =
    [
        "Tags", "Tag", "Labels", "Label", "Categories", "Category",
        "Schlagwörter", "Stichwörter", "Kategorien", "Étiquettes", "Catégories", "Etiquetas", "Categorías",
    ];

    private static readonly string[] CompanyNameHeaders =
    [
        "Company", "Company Name", "Associated Company", "Organization", "Organisation", "Organization Name",
        "Account Name", "Account", "Employer",
        "Firma", "Firmenname", "Unternehmen", "Société", "Entreprise", "Empresa", "Compañía", "Organización",
    ];

    private static readonly string[] PhoneHeaders =
    [
        "Phone", "Phone Number", "Telephone", "Business Phone", "Work Phone", "Main Phone", "Office Phone",
        "Mobile Phone", "Mobile Phone Number", "Mobile", "Cell Phone", "Cell", "Phone 1 - Value", "Home Phone",
        "Telefon", "Telefonnummer", "Mobil", "Handy", "Téléphone", "Tél", "Portable", "Teléfono", "Móvil", "Celular", "Tel",
    ];

    private static readonly IReadOnlyList<(string, string[])> Contacts =
    [
        (FirstName, ["First Name", "Given Name", "Forename", "First", "Vorname", "Prénom", "Nombre", "Nombre de pila"]),
        (LastName, ["Last Name", "Family Name", "Surname", "Last", "Nachname", "Familienname", "Nom", "Nom de famille", "Apellidos", "Apellido"]),
        (FullName, ["Name", "Full Name", "Contact Name", "Display Name", "Vollständiger Name", "Ansprechpartner", "Nom complet", "Nombre completo"]),
        (Email, ["Email", "Email Address", "E-mail Address", "E-mail 1 - Value", "Mail", "E-Mail-Adresse", "Courriel",
            "Adresse e-mail", "Adresse électronique", "Correo electrónico", "Correo", "Dirección de correo"]),
        (Phone, PhoneHeaders),
        (JobTitle, ["Job Title", "Title", "Position", "Job", "Role", "Organization 1 - Title", "Jobtitel", "Berufsbezeichnung",
            "Funktion", "Poste", "Fonction", "Cargo", "Puesto"]),
        (Notes, ["Notes", "Note", "Comments", "Comment", "Description", "Remarks", "Notizen", "Notiz", "Bemerkungen", "Bemerkung",
            "Kommentar", "Anmerkungen", "Remarques", "Commentaires", "Commentaire", "Notas", "Nota", "Comentarios", "Observaciones"]),
        (CompanyName, CompanyNameHeaders),
        (CompanyDomain, ["Company Domain", "Company Domain Name", "Domain", "Website", "Company Website", "Web", "URL",
            "Webseite", "Site web", "Sitio web"]),
        (Owner, OwnerHeaders),
        (ImportFields.Tags, TagHeaders),
    ];

    private static readonly IReadOnlyList<(string, string[])> Companies =
    [
        (Name, ["Name", "Company", "Company Name", "Account Name", "Account", "Organization", "Organisation", "Organization Name",
            "Business Name", "Firma", "Firmenname", "Unternehmen", "Unternehmensname", "Société", "Entreprise", "Raison sociale",
            "Nom", "Nom de l'entreprise", "Empresa", "Nombre", "Nombre de la empresa", "Razón social", "Compañía", "Organización"]),
        (Domain, ["Domain", "Domain Name", "Email Domain", "Domäne", "Domaine", "Dominio"]),
        (Website, ["Website", "Website URL", "Web Site", "Web", "URL", "Homepage", "Web Page", "Webseite", "Internetseite",
            "Internetadresse", "Site web", "Site internet", "Sitio web", "Página web"]),
        (Industry, ["Industry", "Sector", "Branche", "Industrie", "Secteur", "Secteur d'activité", "Industria", "Rubro"]),
        (Phone, PhoneHeaders),
        (AddressLine, ["Street Address", "Street", "Address", "Address Line 1", "Straße", "Adresse", "Anschrift", "Rue",
            "Dirección", "Calle", "Domicilio"]),
        (City, ["City", "Town", "Town/City", "Stadt", "Ort", "Ville", "Ciudad", "Localidad", "Población"]),
        (Region, ["State", "Region", "Region or State", "State/Region", "State/Province", "Province", "County", "Bundesland", "Région", "Département",
            "Provincia", "Estado", "Comunidad autónoma"]),
        (PostalCode, ["Postal Code", "Zip", "Zip Code", "Postcode", "Post Code", "Zip/Postal Code", "PLZ", "Postleitzahl",
            "Code postal", "Código postal", "CP"]),
        (Country, ["Country", "Country/Region", "Land", "Pays", "País"]),
        (Owner, OwnerHeaders),
        (ImportFields.Tags, TagHeaders),
    ];

    private static readonly IReadOnlyList<(string, string[])> Deals =
    [
        (Title, ["Title", "Name", "Deal", "Opportunity", "Subject", "Titel", "Titre", "Affaire", "Nom de l'affaire", "Título",
            "Oportunidad", "Negocio"]),
        (Value, ["Value", "Amount", "Deal Value", "Revenue", "Betrag", "Wert", "Volumen", "Montant", "Valeur", "Importe", "Valor", "Monto"]),
        (Currency, ["Currency", "Currency Code", "Amount Currency", "Währung", "Devise", "Monnaie", "Moneda", "Divisa"]),
        (Pipeline, ["Pipeline", "Sales Pipeline", "Embudo"]),
        (Stage, ["Stage", "Sales Stage", "Phase", "Verkaufsphase", "Étape", "Etapa", "Fase"]),
        (Probability, ["Probability", "Win Probability", "Wahrscheinlichkeit", "Probabilité", "Probabilidad"]),
        (ExpectedCloseDate, ["Expected Close Date", "Close Date", "Closing Date", "Expected Close", "Abschlussdatum",
            "Erwarteter Abschluss", "Date de clôture", "Date de clôture prévue", "Fecha de cierre", "Fecha de cierre prevista"]),
        (CompanyName, CompanyNameHeaders),
        (ContactEmail, ["Contact Email", "Email", "Person - Email", "Primary Contact Email", "Correo", "Courriel"]),
        (LostReason, ["Lost Reason", "Closed Lost Reason", "Loss Reason", "Verlustgrund", "Raison de la perte", "Motivo de pérdida"]),
        (Owner, OwnerHeaders),
        (ImportFields.Tags, TagHeaders),
    ];
}
