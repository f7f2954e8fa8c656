using System;
using CrmBlazor.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CrmBlazor.Migrations
{
    /// <inheritdoc />
    public partial class Schema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_users_tenant_id",
                table: "users");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:pgcrypto", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pgcrypto", ",,");

            migrationBuilder.AlterColumn<Guid>(
                name: "tenant_id",
                table: "users",
                type: "uuid",
                nullable: false,
                defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid",
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "created_by",
                table: "users",
                type: "uuid",
                nullable: true,
                defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_sign_in_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "updated_by",
                table: "users",
                type: "uuid",
                nullable: true,
                defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid");

            // Identity's per-user tables take their user's tenant; existing rows are backfilled before NOT NULL.
            foreach (var table in new[] { "user_tokens", "user_roles", "user_logins", "user_claims" })
            {
                migrationBuilder.Sql($"ALTER TABLE {table} ADD COLUMN tenant_id uuid DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid");
                migrationBuilder.Sql($"UPDATE {table} t SET tenant_id = u.tenant_id FROM users u WHERE u.id = t.user_id");
                migrationBuilder.Sql($"ALTER TABLE {table} ALTER COLUMN tenant_id SET NOT NULL");
            }




            migrationBuilder.AddColumn<Guid>(
                name: "created_by",
                table: "tenants",
                type: "uuid",
                nullable: true,
                defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "updated_by",
                table: "tenants",
                type: "uuid",
                nullable: true,
                defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid");

            migrationBuilder.AddUniqueConstraint(
                name: "ak_asp_net_users_tenant_id_id",
                table: "users",
                columns: new[] { "tenant_id", "id" });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    key_hash = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    scopes = table.Column<string[]>(type: "text[]", nullable: false),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.UniqueConstraint("ak_api_keys_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_api_keys_name_not_blank", "name ~ '\\S'");
                    table.CheckConstraint("ck_api_keys_prefix", "prefix ~ '^[A-Za-z0-9_]{6,16}$'");
                    table.ForeignKey(
                        name: "fk_api_keys_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "audit_logs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    table_name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    record_id = table.Column<Guid>(type: "uuid", nullable: true),
                    action = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    @event = table.Column<string>(name: "event", type: "character varying(100)", maxLength: 100, nullable: true),
                    old_data = table.Column<string>(type: "jsonb", nullable: true),
                    new_data = table.Column<string>(type: "jsonb", nullable: true),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_logs", x => x.id);
                    table.CheckConstraint("ck_audit_logs_action", "action IN ('insert', 'update', 'delete', 'event')");
                    table.CheckConstraint("ck_audit_logs_event_named", "(action = 'event') = (event IS NOT NULL)");
                });

            migrationBuilder.CreateTable(
                name: "companies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    domain = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    website = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    industry = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    phone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    address_line = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    region = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    postal_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    country = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_companies", x => x.id);
                    table.UniqueConstraint("ak_companies_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_companies_domain_format", "domain IS NULL OR domain ~ '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$'");
                    table.CheckConstraint("ck_companies_name_not_blank", "name ~ '\\S'");
                    table.ForeignKey(
                        name: "fk_companies_asp_net_users_tenant_id_owner_id",
                        columns: x => new { x.tenant_id, x.owner_id },
                        principalTable: "users",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_companies_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "import_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    total_rows = table.Column<int>(type: "integer", nullable: false),
                    imported_rows = table.Column<int>(type: "integer", nullable: false),
                    failed_rows = table.Column<int>(type: "integer", nullable: false),
                    error_report = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_jobs", x => x.id);
                    table.UniqueConstraint("ak_import_jobs_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_import_jobs_counts", "total_rows >= 0 AND imported_rows >= 0 AND failed_rows >= 0 AND imported_rows + failed_rows <= total_rows");
                    table.CheckConstraint("ck_import_jobs_kind_not_blank", "kind ~ '\\S'");
                    table.CheckConstraint("ck_import_jobs_status", "status IN ('pending', 'validating', 'importing', 'completed', 'failed', 'cancelled')");
                    table.ForeignKey(
                        name: "fk_import_jobs_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pipelines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipelines", x => x.id);
                    table.UniqueConstraint("ak_pipelines_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_pipelines_name_not_blank", "name ~ '\\S'");
                    table.ForeignKey(
                        name: "fk_pipelines_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tags",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    color = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tags", x => x.id);
                    table.UniqueConstraint("ak_tags_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_tags_color", "color ~ '^#[0-9A-Fa-f]{6}$'");
                    table.CheckConstraint("ck_tags_name_not_blank", "name ~ '\\S'");
                    table.ForeignKey(
                        name: "fk_tags_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "company_roles",
                columns: table => new
                {
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_roles", x => new { x.company_id, x.role });
                    table.UniqueConstraint("ak_company_roles_tenant_id_company_id_role", x => new { x.tenant_id, x.company_id, x.role });
                    table.CheckConstraint("ck_company_roles_role", "role IN ('customer', 'prospect', 'partner', 'vendor', 'distributor', 'principal')");
                    table.ForeignKey(
                        name: "fk_company_roles_companies_tenant_id_company_id",
                        columns: x => new { x.tenant_id, x.company_id },
                        principalTable: "companies",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_company_roles_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    first_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    last_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    phone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    job_title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    notes = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    company_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    search_text = table.Column<string>(type: "text", nullable: false, computedColumnSql: "lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))", stored: true),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                    table.UniqueConstraint("ak_contacts_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_contacts_email_format", "email IS NULL OR email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'");
                    table.CheckConstraint("ck_contacts_has_a_name", "coalesce(first_name, '') ~ '\\S' OR coalesce(last_name, '') ~ '\\S'");
                    table.ForeignKey(
                        name: "fk_contacts_asp_net_users_tenant_id_owner_id",
                        columns: x => new { x.tenant_id, x.owner_id },
                        principalTable: "users",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_contacts_companies_tenant_id_company_id",
                        columns: x => new { x.tenant_id, x.company_id },
                        principalTable: "companies",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_contacts_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_stages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    probability = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    color = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipeline_stages", x => x.id);
                    table.UniqueConstraint("ak_pipeline_stages_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.UniqueConstraint("ak_pipeline_stages_tenant_id_pipeline_id_id", x => new { x.tenant_id, x.pipeline_id, x.id });
                    table.CheckConstraint("ck_pipeline_stages_color", "color ~ '^#[0-9A-Fa-f]{6}$'");
                    table.CheckConstraint("ck_pipeline_stages_kind", "kind IN ('open', 'won', 'lost')");
                    table.CheckConstraint("ck_pipeline_stages_name_not_blank", "name ~ '\\S'");
                    table.CheckConstraint("ck_pipeline_stages_position", "position >= 0");
                    table.CheckConstraint("ck_pipeline_stages_probability", "probability BETWEEN 0 AND 100");
                    table.ForeignKey(
                        name: "fk_pipeline_stages_pipelines_tenant_id_pipeline_id",
                        columns: x => new { x.tenant_id, x.pipeline_id },
                        principalTable: "pipelines",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_pipeline_stages_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "company_tags",
                columns: table => new
                {
                    tag_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_tags", x => new { x.company_id, x.tag_id });
                    table.ForeignKey(
                        name: "fk_company_tags_companies_tenant_id_company_id",
                        columns: x => new { x.tenant_id, x.company_id },
                        principalTable: "companies",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_company_tags_tags_tenant_id_tag_id",
                        columns: x => new { x.tenant_id, x.tag_id },
                        principalTable: "tags",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_company_tags_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contact_tags",
                columns: table => new
                {
                    tag_id = table.Column<Guid>(type: "uuid", nullable: false),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_tags", x => new { x.contact_id, x.tag_id });
                    table.ForeignKey(
                        name: "fk_contact_tags_contacts_tenant_id_contact_id",
                        columns: x => new { x.tenant_id, x.contact_id },
                        principalTable: "contacts",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_tags_tags_tenant_id_tag_id",
                        columns: x => new { x.tenant_id, x.tag_id },
                        principalTable: "tags",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_tags_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "deals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stage_id = table.Column<Guid>(type: "uuid", nullable: false),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: true),
                    company_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    value = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    probability = table.Column<int>(type: "integer", nullable: false),
                    expected_close_date = table.Column<DateOnly>(type: "date", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lost_reason = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    rank = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deals", x => x.id);
                    table.UniqueConstraint("ak_deals_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_deals_currency", "currency ~ '^[A-Z]{3}$'");
                    table.CheckConstraint("ck_deals_probability", "probability BETWEEN 0 AND 100");
                    table.CheckConstraint("ck_deals_rank_not_blank", "rank <> ''");
                    table.CheckConstraint("ck_deals_title_not_blank", "title ~ '\\S'");
                    table.CheckConstraint("ck_deals_value", "value >= 0");
                    table.ForeignKey(
                        name: "fk_deals_asp_net_users_tenant_id_owner_id",
                        columns: x => new { x.tenant_id, x.owner_id },
                        principalTable: "users",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_deals_companies_tenant_id_company_id",
                        columns: x => new { x.tenant_id, x.company_id },
                        principalTable: "companies",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_deals_contacts_tenant_id_contact_id",
                        columns: x => new { x.tenant_id, x.contact_id },
                        principalTable: "contacts",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_deals_pipeline_stages_tenant_id_pipeline_id_stage_id",
                        columns: x => new { x.tenant_id, x.pipeline_id, x.stage_id },
                        principalTable: "pipeline_stages",
                        principalColumns: new[] { "tenant_id", "pipeline_id", "id" });
                    table.ForeignKey(
                        name: "fk_deals_pipelines_tenant_id_pipeline_id",
                        columns: x => new { x.tenant_id, x.pipeline_id },
                        principalTable: "pipelines",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_deals_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "activities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    type = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: true),
                    company_id = table.Column<Guid>(type: "uuid", nullable: true),
                    deal_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activities", x => x.id);
                    table.UniqueConstraint("ak_activities_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_activities_subject_not_blank", "subject ~ '\\S'");
                    table.CheckConstraint("ck_activities_type", "type IN ('call', 'email', 'meeting', 'note', 'task')");
                    table.ForeignKey(
                        name: "fk_activities_asp_net_users_tenant_id_owner_id",
                        columns: x => new { x.tenant_id, x.owner_id },
                        principalTable: "users",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_activities_companies_tenant_id_company_id",
                        columns: x => new { x.tenant_id, x.company_id },
                        principalTable: "companies",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_activities_contacts_tenant_id_contact_id",
                        columns: x => new { x.tenant_id, x.contact_id },
                        principalTable: "contacts",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_activities_deals_tenant_id_deal_id",
                        columns: x => new { x.tenant_id, x.deal_id },
                        principalTable: "deals",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_activities_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "deal_participants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    deal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    is_primary = table.Column<bool>(type: "boolean", nullable: false),
                    commission_rate = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: true),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deal_participants", x => x.id);
                    table.UniqueConstraint("ak_deal_participants_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_deal_participants_commission_rate", "commission_rate IS NULL OR commission_rate BETWEEN 0 AND 1");
                    table.CheckConstraint("ck_deal_participants_role", "role IN ('customer', 'principal', 'distributor', 'partner')");
                    table.ForeignKey(
                        name: "fk_deal_participants_companies_tenant_id_company_id",
                        columns: x => new { x.tenant_id, x.company_id },
                        principalTable: "companies",
                        principalColumns: new[] { "tenant_id", "id" });
                    table.ForeignKey(
                        name: "fk_deal_participants_deals_tenant_id_deal_id",
                        columns: x => new { x.tenant_id, x.deal_id },
                        principalTable: "deals",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_deal_participants_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "deal_tags",
                columns: table => new
                {
                    tag_id = table.Column<Guid>(type: "uuid", nullable: false),
                    deal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid"),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true, defaultValueSql: "NULLIF(current_setting('app.user_id', true), '')::uuid")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deal_tags", x => new { x.deal_id, x.tag_id });
                    table.ForeignKey(
                        name: "fk_deal_tags_deals_tenant_id_deal_id",
                        columns: x => new { x.tenant_id, x.deal_id },
                        principalTable: "deals",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_deal_tags_tags_tenant_id_tag_id",
                        columns: x => new { x.tenant_id, x.tag_id },
                        principalTable: "tags",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_deal_tags_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_email_present",
                table: "users",
                sql: "email IS NOT NULL AND normalized_email IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_user_tokens_tenant_id_user_id",
                table: "user_tokens",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_user_roles_tenant_id_user_id",
                table: "user_roles",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_tenant_id_user_id",
                table: "user_logins",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_tenant_id_user_id",
                table: "user_claims",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_tenant_id_company_id",
                table: "activities",
                columns: new[] { "tenant_id", "company_id" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_tenant_id_contact_id",
                table: "activities",
                columns: new[] { "tenant_id", "contact_id" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_tenant_id_deal_id",
                table: "activities",
                columns: new[] { "tenant_id", "deal_id" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_tenant_id_owner_id_due_at",
                table: "activities",
                columns: new[] { "tenant_id", "owner_id", "due_at" },
                filter: "deleted_at IS NULL AND completed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_key_hash",
                table: "api_keys",
                column: "key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_prefix",
                table: "api_keys",
                column: "prefix");

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_changed_at",
                table: "audit_logs",
                columns: new[] { "tenant_id", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_tenant_id_table_name_record_id_changed_at",
                table: "audit_logs",
                columns: new[] { "tenant_id", "table_name", "record_id", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_companies_tenant_id_name",
                table: "companies",
                columns: new[] { "tenant_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_companies_tenant_id_owner_id",
                table: "companies",
                columns: new[] { "tenant_id", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_company_tags_tenant_id_company_id",
                table: "company_tags",
                columns: new[] { "tenant_id", "company_id" });

            migrationBuilder.CreateIndex(
                name: "ix_company_tags_tenant_id_tag_id",
                table: "company_tags",
                columns: new[] { "tenant_id", "tag_id" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_tags_tenant_id_contact_id",
                table: "contact_tags",
                columns: new[] { "tenant_id", "contact_id" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_tags_tenant_id_tag_id",
                table: "contact_tags",
                columns: new[] { "tenant_id", "tag_id" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_tenant_id_company_id",
                table: "contacts",
                columns: new[] { "tenant_id", "company_id" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_tenant_id_last_name_first_name",
                table: "contacts",
                columns: new[] { "tenant_id", "last_name", "first_name" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_tenant_id_owner_id",
                table: "contacts",
                columns: new[] { "tenant_id", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_deal_participants_deal_id_company_id_role",
                table: "deal_participants",
                columns: new[] { "deal_id", "company_id", "role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_deal_participants_tenant_id_company_id",
                table: "deal_participants",
                columns: new[] { "tenant_id", "company_id" });

            migrationBuilder.CreateIndex(
                name: "ix_deal_participants_tenant_id_deal_id",
                table: "deal_participants",
                columns: new[] { "tenant_id", "deal_id" });

            migrationBuilder.CreateIndex(
                name: "ux_deal_participants_one_primary_per_role",
                table: "deal_participants",
                columns: new[] { "deal_id", "role" },
                unique: true,
                filter: "is_primary");

            migrationBuilder.CreateIndex(
                name: "ix_deal_tags_tenant_id_deal_id",
                table: "deal_tags",
                columns: new[] { "tenant_id", "deal_id" });

            migrationBuilder.CreateIndex(
                name: "ix_deal_tags_tenant_id_tag_id",
                table: "deal_tags",
                columns: new[] { "tenant_id", "tag_id" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_tenant_id_company_id",
                table: "deals",
                columns: new[] { "tenant_id", "company_id" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_tenant_id_contact_id",
                table: "deals",
                columns: new[] { "tenant_id", "contact_id" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_tenant_id_owner_id",
                table: "deals",
                columns: new[] { "tenant_id", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ux_deals_board_rank",
                table: "deals",
                columns: new[] { "tenant_id", "pipeline_id", "stage_id", "rank" },
                unique: true,
                filter: "deleted_at IS NULL");

            migrationBuilder.AddForeignKey(
                name: "fk_user_claims_users_tenant_id_user_id",
                table: "user_claims",
                columns: new[] { "tenant_id", "user_id" },
                principalTable: "users",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_user_logins_users_tenant_id_user_id",
                table: "user_logins",
                columns: new[] { "tenant_id", "user_id" },
                principalTable: "users",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_user_roles_users_tenant_id_user_id",
                table: "user_roles",
                columns: new[] { "tenant_id", "user_id" },
                principalTable: "users",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_user_tokens_users_tenant_id_user_id",
                table: "user_tokens",
                columns: new[] { "tenant_id", "user_id" },
                principalTable: "users",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Cascade);

            foreach (var script in new[] { "foreign_keys.sql", "indexes.sql", "Superseded/Schema_active_references.sql", "business_rules.sql",
                                           "Superseded/Schema_tenant_rules.sql", "stamps.sql", "audit.sql",
                                           "Superseded/Schema_audit_entry_stamp.sql",
                                           "row_level_security.sql", "Superseded/Schema_sign_in_lookup.sql", "grants.sql", "app_privileges.sql" })
                migrationBuilder.Sql(SqlScripts.Read(script));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // What EF's drops below would not undo: the raw SQL on the Foundation tables, and the one
            // key that would stop a drop. grants.sql is Foundation's to undo.
            foreach (var script in new[] { "app_privileges_down.sql", "Superseded/Schema_sign_in_lookup_down.sql", "row_level_security_down.sql", "audit_down.sql",
                                           "Superseded/Schema_audit_entry_stamp_down.sql", "stamps_down.sql", "Superseded/Schema_tenant_rules_down.sql", "business_rules_down.sql",
                                           "Superseded/Schema_active_references_down.sql", "indexes_down.sql", "foreign_keys_down.sql" })
                migrationBuilder.Sql(SqlScripts.Read(script));

            migrationBuilder.DropForeignKey(
                name: "fk_user_claims_users_tenant_id_user_id",
                table: "user_claims");

            migrationBuilder.DropForeignKey(
                name: "fk_user_logins_users_tenant_id_user_id",
                table: "user_logins");

            migrationBuilder.DropForeignKey(
                name: "fk_user_roles_users_tenant_id_user_id",
                table: "user_roles");

            migrationBuilder.DropForeignKey(
                name: "fk_user_tokens_users_tenant_id_user_id",
                table: "user_tokens");

            migrationBuilder.DropTable(
                name: "activities");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "audit_logs");

            migrationBuilder.DropTable(
                name: "company_roles");

            migrationBuilder.DropTable(
                name: "company_tags");

            migrationBuilder.DropTable(
                name: "contact_tags");

            migrationBuilder.DropTable(
                name: "deal_participants");

            migrationBuilder.DropTable(
                name: "deal_tags");

            migrationBuilder.DropTable(
                name: "import_jobs");

            migrationBuilder.DropTable(
                name: "deals");

            migrationBuilder.DropTable(
                name: "tags");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropTable(
                name: "pipeline_stages");

            migrationBuilder.DropTable(
                name: "companies");

            migrationBuilder.DropTable(
                name: "pipelines");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_asp_net_users_tenant_id_id",
                table: "users");

            migrationBuilder.DropCheckConstraint(
                name: "ck_users_email_present",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_user_tokens_tenant_id_user_id",
                table: "user_tokens");

            migrationBuilder.DropIndex(
                name: "ix_user_roles_tenant_id_user_id",
                table: "user_roles");

            migrationBuilder.DropIndex(
                name: "ix_user_logins_tenant_id_user_id",
                table: "user_logins");

            migrationBuilder.DropIndex(
                name: "ix_user_claims_tenant_id_user_id",
                table: "user_claims");

            migrationBuilder.DropColumn(
                name: "created_by",
                table: "users");

            migrationBuilder.DropColumn(
                name: "last_sign_in_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "updated_by",
                table: "users");

            migrationBuilder.DropColumn(
                name: "tenant_id",
                table: "user_tokens");

            migrationBuilder.DropColumn(
                name: "tenant_id",
                table: "user_roles");

            migrationBuilder.DropColumn(
                name: "tenant_id",
                table: "user_logins");

            migrationBuilder.DropColumn(
                name: "tenant_id",
                table: "user_claims");

            migrationBuilder.DropColumn(
                name: "created_by",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "updated_by",
                table: "tenants");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pgcrypto", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pgcrypto", ",,");

            migrationBuilder.AlterColumn<Guid>(
                name: "tenant_id",
                table: "users",
                type: "uuid",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldDefaultValueSql: "NULLIF(current_setting('app.tenant_id', true), '')::uuid");

            migrationBuilder.CreateIndex(
                name: "ix_users_tenant_id",
                table: "users",
                column: "tenant_id");
        }
    }
}
