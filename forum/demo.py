"""Demo accounts, discussions and cooperation listings, loaded by `flask seed-demo`
(meetings and chat: demo_meetings.py; regional positions: demo_positions.py;
featured posts, a flag and the magazine: demo_curation.py).

Everything is written through the services, so counters, thread paths,
listing history and rendered HTML are exactly what real use produces. Only
the dates are moved back afterwards, spreading the conversations and the
listings over the past eight months. Posts and listing events are written in
date order, so ids follow time as they do in real use.
"""

import inspect
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from models import (
    Category,
    Country,
    Listing,
    ListingChange,
    ModerationAction,
    Organization,
    Post,
    PostRevision,
    Topic,
    User,
    db,
    utcnow,
)

from .auth import services as accounts
from .cooperation import services as cooperation
from .demo_curation import seed_demo_curation
from .demo_meetings import seed_demo_meetings
from .demo_positions import seed_demo_positions
from .discussions import services as discussions
from .markup import quote_markdown
from .moderation import services as moderation

DEMO_DOMAIN = "demo.encuentro.sela.org"

# One password per kind of account, published in the README.
PASSWORDS = {
    "admin": "demo-admin-encuentro",
    "moderator": "demo-moderacion-encuentro",
    "focal_point": "demo-punto-focal-encuentro",
    "member": "demo-miembro-encuentro",
}


def _account(handle, role, name, title, country_code=None, organization=None) -> dict:
    return {
        "email": f"{handle}@{DEMO_DOMAIN}",
        "password": PASSWORDS[role],
        "role": role,
        "name": name,
        "title": title,
        "country_code": country_code,
        "organization": organization,
    }


DEMO_ACCOUNTS = [
    _account(
        "rafael.quintero",
        "admin",
        "Rafael Quintero Silva",
        "Administrador de la plataforma Encuentro",
        organization="SP-SELA",
    ),
    _account(
        "carolina.mendez",
        "moderator",
        "Carolina Méndez Arráiz",
        "Coordinadora del Espacio Virtual de Encuentro",
        organization="SP-SELA",
    ),
    _account(
        "lucia.ferreyra",
        "focal_point",
        "Lucía Ferreyra",
        "Directora de Cooperación Internacional, Cancillería",
        country_code="AR",
    ),
    _account(
        "andres.rincon",
        "focal_point",
        "Andrés Felipe Rincón",
        "Director de Cooperación Sur-Sur, agencia presidencial de cooperación",
        country_code="CO",
    ),
    _account(
        "ana.carvalho",
        "focal_point",
        "Ana Beatriz Carvalho",
        "Coordenadora-Geral de Cooperação Técnica entre Países em Desenvolvimento",
        country_code="BR",
    ),
    _account(
        "mauricio.solano",
        "focal_point",
        "Mauricio Solano Arce",
        "Jefe del Área de Cooperación Internacional, MIDEPLAN",
        country_code="CR",
    ),
    _account(
        "gabriela.soto",
        "focal_point",
        "Gabriela Soto Villaseñor",
        "Directora General de Cooperación Técnica y Científica",
        country_code="MX",
    ),
    _account(
        "ernesto.valdes",
        "focal_point",
        "Ernesto Valdés Rivero",
        "Director de Colaboración Económica Multilateral",
        country_code="CU",
    ),
    _account(
        "marcia.campbell",
        "focal_point",
        "Marcia Campbell-Reid",
        "Director, External Cooperation Management, Planning Institute",
        country_code="JM",
    ),
    _account(
        "jeanrobert.pierrelouis",
        "focal_point",
        "Jean-Robert Pierre-Louis",
        "Directeur de la Coopération externe, Ministère de la Planification",
        country_code="HT",
    ),
    # Designated later, to publish their countries' cooperation offer and demand.
    _account(
        "francisca.morales",
        "focal_point",
        "Francisca Morales Vidal",
        "Jefa del Departamento de Cooperación Horizontal, Agencia de Cooperación Internacional",
        country_code="CL",
    ),
    _account(
        "jorge.huaman",
        "focal_point",
        "Jorge Luis Huamán Quispe",
        "Director de Políticas y Programas, Agencia Peruana de Cooperación Internacional",
        country_code="PE",
    ),
    _account(
        "valentina.sosa",
        "focal_point",
        "Valentina Sosa Pereira",
        "Coordinadora de Cooperación Sur-Sur, Agencia Uruguaya de Cooperación Internacional",
        country_code="UY",
    ),
    _account(
        "hector.cifuentes",
        "focal_point",
        "Héctor Estuardo Cifuentes",
        "Director de Cooperación Internacional, Secretaría de Planificación de la Presidencia",
        country_code="GT",
    ),
    _account(
        "yokasta.pena",
        "focal_point",
        "Yokasta Peña Almonte",
        "Directora de Cooperación Sur-Sur y Triangular, Viceministerio de Cooperación Internacional",
        country_code="DO",
    ),
    _account(
        "desmond.alleyne",
        "member",
        "Desmond Alleyne",
        "Programme Manager, Human and Social Development",
        organization="CARICOM",
    ),
    _account(
        "rosa.lemus",
        "member",
        "Rosa Elvira Lemus",
        "Especialista en integración social, Secretaría General",
        organization="SICA",
    ),
    _account(
        "patricia.illanes",
        "member",
        "Patricia Illanes",
        "Oficial de Asuntos Sociales, División de Desarrollo Social",
        organization="CEPAL",
    ),
    _account(
        "tomas.aguirre",
        "member",
        "Tomás Aguirre Paredes",
        "Investigador de un observatorio ciudadano de políticas sociales",
    ),
]

# Topics with their reply trees. `author` is the part of a demo address
# before the @; replies are listed in the order they were written. A reply
# may `quote` an excerpt of the post it answers, and a post may get an
# `addendum` in a later edit. `days_ago` dates the opening post; `countries`
# tags a topic about member states, so their country pages list it.
TOPICS = [
    {
        "category": "cooperacion-sur-sur",
        "author": "carolina.mendez",
        "days_ago": 236,
        "pinned": True,
        "title": "Bienvenida al Espacio Virtual de Encuentro: normas de participación",
        "body": """
            Bienvenidas y bienvenidos al **Espacio Virtual de Encuentro**, donde los puntos focales
            de cooperación internacional de los Estados Miembros del SELA comparten información,
            experiencias y propuestas entre una reunión y la siguiente.

            Antes de publicar, tengan en cuenta estas normas:

            1. **Un asunto por tema.** Elija un título que lo describa y la categoría que corresponda.
            2. **Responda al mensaje que comenta**, no solo al tema: así el hilo se lee con facilidad.
            3. **Cite sus fuentes** y enlace los documentos públicos, por ejemplo los del
               [portal del SELA](https://www.sela.org).
            4. **Confidencialidad.** Los borradores de posiciones comunes van en *Posiciones
               regionales*, que solo ven los puntos focales. No publique en las categorías abiertas
               lo que su institución no haya hecho público.
            5. **Idiomas.** El español es la lengua de trabajo, pero puede escribir en inglés,
               portugués o francés.
            6. **Respeto.** Debatimos ideas y políticas, no personas ni gobiernos.

            La Secretaría Permanente (SP-SELA) modera el espacio. Si algo no funciona, escríbanos
            en este mismo hilo.
        """,
        "replies": [
            {
                "author": "andres.rincon",
                "body": """
                    Gracias a la SP-SELA por abrir este espacio: entre una Reunión de Directores y
                    la siguiente casi siempre perdíamos el hilo de lo conversado.

                    Propongo que cada punto focal se presente con su cargo y las **tres prioridades**
                    de su institución para este año. Empiezo: Andrés Felipe Rincón, Colombia.
                    Prioridades: cooperación Sur-Sur con Centroamérica y el Caribe, registro de la
                    oferta técnica colombiana y seguimiento de los proyectos triangulares.
                """,
                "replies": [
                    {
                        "author": "marcia.campbell",
                        "body": """
                            Good idea, Andrés. Marcia Campbell-Reid, Jamaica: I manage external
                            cooperation at our planning institute. Our three priorities are disaster
                            risk management, youth employment and a stronger statistical system to
                            follow the results of cooperation.

                            I will mostly write in English, but I read Spanish comfortably.
                        """,
                        "replies": [
                            {
                                "author": "carolina.mendez",
                                "body": """
                                    Welcome, Marcia! Escriba en inglés sin problema: si algún hilo lo
                                    necesita, la Secretaría prepara un resumen en español.
                                """,
                            },
                        ],
                    },
                    {
                        "author": "jeanrobert.pierrelouis",
                        "body": """
                            Bonjour à toutes et à tous. Jean-Robert Pierre-Louis, Haïti, Direction de
                            la coopération externe. Nos priorités : la coordination de l'aide, la
                            reconstruction des infrastructures rurales et la formation des cadres de
                            l'administration publique.

                            Je lis l'espagnol, mais j'écrirai surtout en français.
                        """,
                    },
                    {
                        "author": "ana.carvalho",
                        "body": """
                            Olá a todos! Ana Beatriz Carvalho, do Brasil. Coordeno a cooperação técnica
                            com países em desenvolvimento. Prioridades: saúde, agricultura familiar e
                            formação profissional, com foco na América Latina e no Caribe.
                        """,
                    },
                ],
            },
            {
                "author": "tomas.aguirre",
                "body": """
                    Una consulta desde la sociedad civil: ¿las organizaciones sociales podemos
                    participar en este espacio o solo en el Foro de la Dimensión Social?
                """,
                "replies": [
                    {
                        "author": "carolina.mendez",
                        "body": """
                            Bienvenido, Tomás. Puede leer y escribir en todas las categorías abiertas
                            de ambos espacios. Solo *Posiciones regionales* está reservada a los puntos
                            focales, porque allí se negocian borradores. El **Foro — Dimensión Social
                            de la Integración** está pensado precisamente para el diálogo con los
                            actores sociales.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "category": "secretaria",
        "author": "carolina.mendez",
        "days_ago": 232,
        "title": "Turnos de moderación y organización del primer trimestre",
        "body": """
            Propuesta de organización interna del equipo:

            - **Turnos:** moderación diaria de lunes a viernes, mañana y tarde (hora de Caracas).
            - **Resumen semanal:** cada lunes publicamos en *Cooperación Sur-Sur* un resumen de
              los hilos activos.
            - **Cuentas de punto focal:** solo se activan con una solicitud oficial de la
              cancillería o de la agencia de cooperación.

            Pendiente: definir quién prepara las versiones en inglés y francés de los documentos
            de referencia.
        """,
        "replies": [
            {
                "author": "rafael.quintero",
                "body": """
                    De acuerdo. Ya están activas las cuentas de los puntos focales que enviaron su
                    solicitud: Argentina, Brasil, Colombia, Costa Rica, Cuba, Haití, Jamaica y México.
                    Para las traducciones sugiero pedir apoyo a la Unidad de Documentación, al menos
                    para las normas de participación.
                """,
                "replies": [
                    {
                        "author": "carolina.mendez",
                        "body": """
                            Perfecto, Rafael. El hilo de bienvenida ya está fijado; coordino con
                            Documentación la versión en inglés y francés de las normas.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "category": "cooperacion-sur-sur",
        "author": "andres.rincon",
        "days_ago": 214,
        "title": "Oferta y demanda de cooperación: propuesta de ficha común",
        "body": """
            Cada agencia registra su oferta de cooperación técnica a su manera: unas por sector,
            otras por institución ejecutora, otras por proyecto. Cuando cruzamos la oferta
            colombiana con la demanda de nuestros socios centroamericanos, perdimos semanas
            homologando fichas.

            Propongo acordar una **ficha mínima común** con estos campos:

            - institución oferente y contraparte;
            - sector y subsector, con una clasificación única;
            - modalidad: asistencia técnica, pasantía, capacitación o intercambio de expertos;
            - duración y distribución de costos (quién cubre pasajes y quién viáticos);
            - resultados esperados verificables.

            ¿Qué campos agregarían o quitarían? Si hay acuerdo, podríamos llevar la propuesta a la
            próxima Reunión de Directores de Cooperación Internacional.
        """,
        "replies": [
            {
                "author": "gabriela.soto",
                "body": """
                    De acuerdo en lo esencial. En México trabajamos con un catálogo de capacidades
                    por institución y la experiencia nos dice que falta un dato clave: **la
                    valorización**. Sin registrar cuánto aporta cada parte —horas de expertos,
                    materiales, logística— la cooperación Sur-Sur sigue siendo invisible en las
                    cuentas nacionales y en los informes internacionales.
                """,
                "replies": [
                    {
                        "author": "andres.rincon",
                        "quote": (
                            "Sin registrar cuánto aporta cada parte —horas de expertos, materiales,\n"
                            "logística— la cooperación Sur-Sur sigue siendo invisible"
                        ),
                        "body": """
                            Totalmente de acuerdo con el diagnóstico. La duda es el método:
                            ¿registramos costos reales o usamos precios de referencia por categoría
                            de experto?
                        """,
                        "replies": [
                            {
                                "author": "lucia.ferreyra",
                                "body": """
                                    En Argentina probamos con precios de referencia por categoría
                                    profesional. Sirvió para el informe anual, pero algunos socios lo
                                    leyeron como una forma de *ponerle precio* a la solidaridad, y
                                    tuvimos que explicarlo varias veces.
                                """,
                                "replies": [
                                    {
                                        "author": "ernesto.valdes",
                                        "body": """
                                            Ese es precisamente el riesgo. Para nosotros la cooperación
                                            no es una transacción comercial y no queremos que se
                                            compare con la asistencia que se compra en el mercado. Lo
                                            que sí podemos hacer es registrar **horas y costos
                                            directos**, sin convertirlos en un precio.
                                        """,
                                        "replies": [
                                            {
                                                "author": "gabriela.soto",
                                                "body": """
                                                    Me parece un punto de equilibrio razonable:
                                                    **costos directos obligatorios, valorización
                                                    opcional**, y cada país decide si la publica.
                                                    ¿Lo dejamos así en el borrador?
                                                """,
                                                "replies": [
                                                    {
                                                        "author": "andres.rincon",
                                                        "body": """
                                                            De acuerdo. Lo incorporo en la versión 2
                                                            de la ficha, que publico en este mismo
                                                            hilo en unos días.
                                                        """,
                                                    },
                                                ],
                                            },
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                    {
                        "author": "mauricio.solano",
                        "body": """
                            Desde Costa Rica sumaría un campo de **alineamiento con el plan nacional
                            de desarrollo** del país receptor. Nos ayuda a priorizar la demanda y
                            evita proyectos que nadie pidió en la institución contraparte.
                        """,
                    },
                ],
            },
            {
                "author": "marcia.campbell",
                "body": """
                    A practical request: please keep an English version of the form. Several
                    CARICOM agencies would gladly contribute, but a Spanish-only template will slow
                    them down. A field for the **working language** of each activity would also
                    help us match experts with their counterparts.
                """,
                "replies": [
                    {
                        "author": "carolina.mendez",
                        "body": """
                            Tomamos nota, Marcia. Cuando la ficha esté acordada, la SP-SELA preparará
                            las versiones en inglés, francés y portugués.
                        """,
                    },
                ],
            },
            {
                "author": "andres.rincon",
                "body": """
                    **Versión 2 de la ficha común**, con los aportes de este hilo:

                    1. Institución oferente y contraparte.
                    2. Sector y subsector, con una clasificación única.
                    3. Modalidad: asistencia técnica, pasantía, capacitación o intercambio de expertos.
                    4. Costos directos de cada parte (obligatorio) y valorización (opcional).
                    5. Alineamiento con el plan nacional de desarrollo del país receptor.
                    6. Resultados esperados verificables.

                    Si no hay objeciones, la llevamos a la próxima Reunión de Directores de
                    Cooperación Internacional. Los antecedentes están en el
                    [portal del SELA](https://www.sela.org).
                """,
                "addendum": """
                    *Edito:* me faltó el **idioma de trabajo** de cada actividad, que propuso Marcia;
                    lo agrego como punto 7 en el documento de trabajo.
                """,
                "replies": [
                    {
                        "author": "lucia.ferreyra",
                        "body": """
                            Argentina está de acuerdo con la versión 2. Propongo una prueba piloto
                            con dos o tres países antes de la reunión.
                        """,
                        "replies": [
                            {"author": "gabriela.soto", "body": "México se suma al piloto."},
                            {
                                "author": "mauricio.solano",
                                "body": "Costa Rica también. Podemos aportar diez fichas de oferta ya revisadas.",
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "category": "experiencias-exitosas",
        "author": "ana.carvalho",
        "days_ago": 196,
        "title": "Rede de Bancos de Leite Humano: uma cooperação que se multiplicou",
        "countries": ["BR", "CR"],
        "body": """
            Compartilho uma experiência que, para nós, resume o melhor da cooperação Sul-Sul: a
            **Rede de Bancos de Leite Humano**.

            O modelo nasceu de uma tecnologia simples e de baixo custo —pasteurização, controle
            de qualidade e coleta domiciliar— desenvolvida no Brasil pela Fiocruz. Quando foi
            compartilhado com outros países da região, não foi simplesmente *exportado*: cada
            país o adaptou às suas normas sanitárias e à sua rede hospitalar.

            O que aprendemos:

            1. **Começar por um hospital de referência** e só depois expandir.
            2. **Formar formadores locais** desde o primeiro dia, para que a cooperação possa terminar.
            3. **Envolver as mães doadoras** e as organizações comunitárias, e não apenas os ministérios.

            Gostaria de ouvir quem recebeu ou adaptou o modelo: o que funcionou e o que não funcionou?
        """,
        "replies": [
            {
                "author": "mauricio.solano",
                "body": """
                    En Costa Rica el primer banco se abrió en un hospital nacional con acompañamiento
                    de especialistas brasileños. Lo más valioso fueron las **pasantías de nuestras
                    enfermeras** en Brasil: volvieron con el método y con una red de colegas a
                    quienes consultar.

                    Lo más difícil fue el mantenimiento de los equipos de pasteurización: los
                    repuestos son importados y un equipo parado detiene todo el servicio.
                """,
                "replies": [
                    {
                        "author": "ana.carvalho",
                        "body": """
                            Exatamente, Mauricio. Esse problema se repetiu em vários países. Hoje
                            recomendamos incluir no projeto, desde o início, um componente de
                            manutenção e a identificação de um fornecedor na própria região.
                        """,
                        "replies": [
                            {
                                "author": "gabriela.soto",
                                "body": """
                                    Lo de los repuestos aparece en casi todos los proyectos de
                                    transferencia de tecnología. ¿Tendría sentido un mecanismo
                                    regional de compras conjuntas?
                                """,
                                "replies": [
                                    {
                                        "author": "lucia.ferreyra",
                                        "body": """
                                            Las compras conjuntas chocan con las leyes de
                                            contrataciones públicas de cada país. Sería más realista
                                            un **registro compartido de proveedores calificados**,
                                            que cada institución use con sus propios procedimientos.
                                        """,
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "author": "ernesto.valdes",
                "body": """
                    Una pregunta práctica: ¿cómo se distribuyeron los costos? En nuestra experiencia,
                    dejar claro desde el inicio quién cubre pasajes, viáticos y materiales evita la
                    mitad de los retrasos.
                """,
                "replies": [
                    {
                        "author": "ana.carvalho",
                        "body": """
                            Em geral, o Brasil cobre passagens e diárias dos técnicos brasileiros, e o
                            país parceiro assume a logística local e a contrapartida institucional.
                            Fica tudo escrito no documento de projeto antes da primeira missão.
                        """,
                    },
                ],
            },
            {
                "author": "patricia.illanes",
                "body": """
                    Para quienes quieran medir resultados: conviene definir la **línea de base**
                    —por ejemplo, la mortalidad neonatal en las unidades atendidas— antes de abrir el
                    banco. Varios proyectos buenos no pudieron demostrar su impacto porque nadie
                    midió el punto de partida.
                """,
            },
        ],
    },
    {
        "category": "experiencias-exitosas",
        "author": "ernesto.valdes",
        "days_ago": 170,
        "title": "Preparación comunitaria ante huracanes: experiencias en el Caribe",
        "countries": ["CU", "HT", "JM"],
        "body": """
            Quisiera abrir un hilo para intercambiar experiencias de **preparación comunitaria ante
            huracanes**, antes de la próxima temporada.

            En Cuba, el sistema de defensa civil se apoya en tres elementos:

            - **alerta temprana** con fases que la población conoce (informativa, alerta y alarma);
            - **evacuación organizada desde la comunidad**, con listas de personas vulnerables que
              cada barrio mantiene al día;
            - **simulacros anuales** antes del inicio de la temporada.

            Hemos realizado talleres con especialistas de otros países del Caribe y estamos
            dispuestos a repetirlos. También nos interesa aprender de los sistemas de información y
            de los seguros que usan otros países.
        """,
        "replies": [
            {
                "author": "marcia.campbell",
                "body": """
                    Thank you, Ernesto. Jamaica has community disaster committees that work in a
                    similar way. Where we still struggle is reaching the **most vulnerable
                    households** —older people living alone, people with disabilities— when a
                    warning is issued. Neighbourhood lists kept by the community itself sound like
                    exactly what we are missing.
                """,
                "replies": [
                    {
                        "author": "ernesto.valdes",
                        "body": """
                            Con gusto compartimos la metodología, Marcia. La clave es que la lista la
                            actualiza la propia comunidad, con el médico de familia y los vecinos, no
                            una oficina central. Podemos organizar una visita técnica para su equipo.
                        """,
                    },
                ],
            },
            {
                "author": "jeanrobert.pierrelouis",
                "body": """
                    En Haïti, la leçon la plus difficile après les derniers cyclones a été la
                    **coordination** : beaucoup d'acteurs arrivent en même temps, chacun avec ses
                    propres procédures. Nous aimerions participer aux ateliers, à condition que les
                    documents soient disponibles en français ou en créole.
                """,
                "replies": [
                    {
                        "author": "carolina.mendez",
                        "body": """
                            Jean-Robert, la SP-SELA puede apoyar la traducción al francés de los
                            materiales del taller. Para el criollo haitiano necesitaríamos el apoyo
                            de su equipo.
                        """,
                        "replies": [
                            {
                                "author": "jeanrobert.pierrelouis",
                                "body": """
                                    Merci beaucoup. Notre équipe peut se charger de la version en
                                    créole ; je vous envoie la liste des participants d'ici la fin
                                    du mois.
                                """,
                            },
                        ],
                    },
                ],
            },
            {
                "author": "desmond.alleyne",
                "body": """
                    On insurance: the **Caribbean Catastrophe Risk Insurance Facility (CCRIF)** pays
                    out on parametric triggers, so governments receive funds within days of an
                    event rather than months. It does not replace preparedness, but it buys time for
                    the response. Happy to put interested colleagues in touch with the CARICOM team
                    that follows this.
                """,
            },
        ],
    },
    {
        "category": "cumbres",
        "author": "lucia.ferreyra",
        "days_ago": 150,
        "title": "Seguimiento de los mandatos de las Cumbres: una matriz compartida",
        "body": """
            Entre las Cumbres Iberoamericanas, las de América Latina y el Caribe con la Unión
            Europea y las de cada esquema subregional, los mandatos sobre cooperación se
            multiplican y nadie tiene una vista de conjunto.

            Propongo construir entre todos una **matriz de seguimiento**, por ejemplo:

            | Cumbre | Mandato | Responsable | Estado |
            |---|---|---|---|
            | Iberoamericana | Apoyo a las MIPYMES | Ministerios del área | En ejecución |
            | ALC-UE | Cooperación en cohesión social | Cancillerías | Sin avances |

            ¿La Secretaría Permanente podría alojarla y los puntos focales mantenerla al día?
        """,
        "replies": [
            {
                "author": "carolina.mendez",
                "body": """
                    La SP-SELA ya da seguimiento a los mandatos de las Cumbres para sus informes al
                    Consejo Latinoamericano. Podemos publicar la matriz como documento de referencia
                    en este espacio y actualizarla con los aportes de cada país.
                """,
            },
            {
                "author": "andres.rincon",
                "body": """
                    Apoyo la idea. Sugiero una columna sobre **financiamiento**: buena parte de los
                    mandatos de cooperación no tiene recursos asignados, y conviene que eso quede a
                    la vista.
                """,
                "replies": [
                    {
                        "author": "lucia.ferreyra",
                        "body": """
                            Buen criterio. Agrego la columna con tres valores: *con recursos*,
                            *parcial* y *sin recursos*.
                        """,
                    },
                ],
            },
            {
                "author": "marcia.campbell",
                "body": """
                    Please include the CARICOM Heads of Government meetings as well. Many mandates
                    on functional cooperation —health, education, disaster management— come from
                    there, and they often overlap with the hemispheric ones.
                """,
            },
            {
                "author": "gabriela.soto",
                "body": """
                    Para las Cumbres Iberoamericanas, la [SEGIB](https://www.segib.org) publica el
                    seguimiento de sus programas. Tomemos su formato como base para no duplicar
                    trabajo.
                """,
            },
        ],
    },
    {
        "category": "posiciones-regionales",
        "author": "lucia.ferreyra",
        "days_ago": 128,
        "title": "Borrador de posición común sobre la cooperación con los países de renta media",
        "countries": ["HT"],
        "body": """
            Comparto el borrador que acordamos preparar en la última reunión. Es un texto de
            trabajo: **no circularlo fuera de este espacio**.

            1. El ingreso per cápita no refleja las brechas internas de los países de renta media:
               desigualdad, pobreza territorial y vulnerabilidad ante desastres.
            2. La reducción de la cooperación tradicional hacia estos países debe ser gradual y
               acordada, con criterios multidimensionales.
            3. La cooperación Sur-Sur complementa la cooperación Norte-Sur; no la sustituye.
            4. Los países de la región cumplen un **doble papel**, como oferentes y receptores, que
               los sistemas de medición deben reconocer.

            Les pido comentarios en las próximas dos semanas.
        """,
        "replies": [
            {
                "author": "andres.rincon",
                "body": """
                    Colombia apoya el borrador. Propongo un quinto punto sobre la **cooperación
                    triangular** como puente entre ambas modalidades, siempre que el liderazgo
                    técnico sea de los países de la región.
                """,
                "replies": [
                    {
                        "author": "gabriela.soto",
                        "body": """
                            De acuerdo con el punto 5, pero cuidaría la redacción: «liderazgo técnico»
                            puede incomodar a algunos socios. Sugiero «apropiación y conducción por
                            parte de los países de la región».
                        """,
                    },
                ],
            },
            {
                "author": "ana.carvalho",
                "body": """
                    O Brasil apoia o texto em termos gerais. Sugerimos evitar a palavra «graduação»
                    em qualquer versão futura: ela sugere que a cooperação é um prêmio que se perde
                    ao crescer, e não uma relação entre parceiros.
                """,
            },
            {
                "author": "ernesto.valdes",
                "body": """
                    Cuba propone añadir una mención explícita a los principios de **no
                    condicionalidad** y respeto a la soberanía, que distinguen a la cooperación
                    Sur-Sur.
                """,
                "replies": [
                    {
                        "author": "lucia.ferreyra",
                        "body": """
                            Lo incorporamos en el punto 3, con la redacción de los principios que ya
                            acordamos en reuniones anteriores de directores.
                        """,
                    },
                ],
            },
            {
                "author": "jeanrobert.pierrelouis",
                "body": """
                    Haïti n'est pas un pays à revenu intermédiaire, et la position devrait le dire
                    clairement : la région compte aussi un pays moins avancé, pour lequel la
                    coopération traditionnelle reste indispensable. Nous proposons un paragraphe à
                    ce sujet.
                """,
                "replies": [
                    {
                        "author": "lucia.ferreyra",
                        "body": """
                            Muy pertinente, Jean-Robert. Agregamos un punto sobre la situación de
                            Haití como país menos adelantado y sobre la solidaridad regional con su
                            reconstrucción.
                        """,
                    },
                ],
            },
            {
                "author": "lucia.ferreyra",
                "body": """
                    **Versión 2** del borrador, con los aportes de Brasil, Colombia, Cuba, Haití y
                    México:

                    1. Brechas internas de los países de renta media (sin cambios).
                    2. Reducción gradual y acordada de la cooperación tradicional, con criterios
                       multidimensionales.
                    3. Complementariedad de la cooperación Sur-Sur, con sus principios de no
                       condicionalidad y respeto a la soberanía.
                    4. Doble papel de oferentes y receptores.
                    5. Cooperación triangular con apropiación y conducción por parte de los países
                       de la región.
                    6. Situación particular de Haití como país menos adelantado.

                    Si no hay objeciones, la SP-SELA la presentará como insumo para la Reunión de
                    Directores.
                """,
                "addendum": "*Edito:* el plazo para objeciones es de diez días hábiles.",
            },
        ],
    },
    {
        "category": "distribucion-del-ingreso",
        "author": "tomas.aguirre",
        "days_ago": 160,
        "title": "¿Puede la política tributaria reducir la desigualdad en nuestra región?",
        "body": """
            En el observatorio venimos comparando datos de la región y hay un hallazgo que se
            repite: en América Latina la desigualdad **casi no cambia** después de impuestos y
            transferencias, mientras que en los países europeos se reduce de manera importante.

            La explicación habitual es que nuestros sistemas tributarios descansan en impuestos
            indirectos, como el IVA, que pesan proporcionalmente más sobre los hogares pobres.

            Me interesan experiencias concretas:

            - reformas del impuesto a la renta personal que hayan ampliado la base;
            - impuestos a la propiedad inmobiliaria con catastros actualizados;
            - revisión de exenciones y beneficios tributarios que ya no se justifican.
        """,
        "replies": [
            {
                "author": "patricia.illanes",
                "body": """
                    Los datos confirman su diagnóstico, Tomás. En nuestros estudios, la reducción
                    del coeficiente de Gini por efecto de impuestos y transferencias es mucho menor
                    en la región que en los países de la OCDE. Los análisis más recientes están en
                    el portal de la [CEPAL](https://www.cepal.org).
                """,
                "replies": [
                    {
                        "author": "tomas.aguirre",
                        "body": """
                            ¿Y el efecto de las transferencias monetarias? ¿No compensa en parte lo
                            regresivo de los impuestos?
                        """,
                        "replies": [
                            {
                                "author": "patricia.illanes",
                                "body": """
                                    En parte, sí. Las transferencias focalizadas tienen un efecto
                                    redistributivo visible, pero son pequeñas en relación con el PIB.
                                    El mayor margen está en el impuesto a la renta, que en la región
                                    recauda poco por exenciones y evasión.
                                """,
                            },
                        ],
                    },
                ],
            },
            {
                "author": "andres.rincon",
                "body": """
                    Una experiencia en curso: la actualización del **catastro multipropósito** en
                    municipios rurales. Además de mejorar la recaudación del impuesto predial, da
                    seguridad jurídica a los pequeños propietarios. Es lento y costoso, pero es de
                    los pocos impuestos que pueden ser progresivos en el nivel local.
                """,
            },
            {
                "author": "desmond.alleyne",
                "body": """
                    A Caribbean perspective: small island economies depend heavily on trade taxes
                    and VAT, and the tax incentives granted to attract tourism investment erode the
                    base further. Any regional discussion on tax policy should include **tax
                    incentive transparency**.
                """,
                "replies": [
                    {
                        "author": "tomas.aguirre",
                        "quote": "the tax incentives granted to attract tourism investment erode the\nbase further",
                        "body": """
                            Lo mismo ocurre con las zonas francas en varios países centroamericanos.
                            Un registro público de los beneficios tributarios, con su costo fiscal
                            estimado, sería un primer paso que no requiere ninguna reforma legal.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "category": "pobreza-e-inclusion",
        "author": "gabriela.soto",
        "days_ago": 142,
        "title": "Transferencias condicionadas: qué funcionó y qué corregiríamos",
        "countries": ["BR", "JM", "MX"],
        "body": """
            Después de muchos años de programas de transferencias condicionadas en la región, ya
            hay evaluaciones suficientes para un balance honesto.

            Lo que en México consideramos **logros**:

            - aumentos sostenidos en la asistencia escolar, sobre todo de las niñas en secundaria;
            - más controles de salud en la primera infancia;
            - un padrón de beneficiarios con evaluación externa desde el principio.

            Lo que **corregiríamos**:

            - la salida del programa: muchas familias no encuentran una ruta hacia el empleo;
            - la carga de las corresponsabilidades, que recae casi siempre en las madres.

            ¿Cuál es el balance en sus países?
        """,
        "replies": [
            {
                "author": "ana.carvalho",
                "body": """
                    No Brasil, o maior legado talvez não seja a transferência em si, mas o
                    **Cadastro Único**: um registro das famílias de baixa renda que hoje serve a
                    dezenas de programas sociais. Sem ele, cada programa teria de construir sua
                    própria lista.
                """,
                "replies": [
                    {
                        "author": "patricia.illanes",
                        "body": """
                            Coincido: los registros sociales son el activo más duradero de estos
                            programas. Pero necesitan actualización permanente y protección de los
                            datos personales, algo que varios países todavía no resuelven.
                        """,
                        "replies": [
                            {
                                "author": "tomas.aguirre",
                                "body": """
                                    Y hay que escuchar a quienes están en esos registros. Las
                                    organizaciones de mujeres que acompañamos cuentan que cumplir las
                                    corresponsabilidades les toma horas cada mes: filas,
                                    certificados, traslados. Ese costo casi nunca aparece en las
                                    evaluaciones.
                                """,
                                "replies": [
                                    {
                                        "author": "gabriela.soto",
                                        "body": """
                                            Es una crítica justa, Tomás. En las últimas reglas de
                                            operación simplificamos la certificación de asistencia
                                            escolar, que ahora envía directamente la escuela. Falta
                                            mucho, pero muestra que esa carga se puede reducir.
                                        """,
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "author": "marcia.campbell",
                "body": """
                    Jamaica's **PATH** programme follows the same logic, with conditions on school
                    attendance and health visits. Our main lesson: link it with skills training for
                    young people in beneficiary households, otherwise the transfer becomes the only
                    income for years.
                """,
            },
            {
                "author": "rosa.lemus",
                "body": """
                    En Centroamérica varios países tienen programas parecidos, con coberturas muy
                    distintas. Desde el SICA nos interesa promover un **intercambio de evaluaciones**
                    entre los ministerios de desarrollo social de la subregión. ¿Alguien puede
                    compartir sus términos de referencia?
                """,
                "replies": [
                    {
                        "author": "gabriela.soto",
                        "body": """
                            Con gusto compartimos los de nuestras últimas evaluaciones externas,
                            Rosa. Se los hacemos llegar por medio de la Secretaría.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "category": "crecimiento-sostenible",
        "author": "mauricio.solano",
        "days_ago": 88,
        "title": "MIPYMES y empleo: ¿qué apoyos ayudan de verdad a exportar?",
        "countries": ["CR"],
        "body": """
            Las micro, pequeñas y medianas empresas generan la mayor parte del empleo en nuestros
            países, pero exportan muy poco. En Costa Rica tenemos un programa de encadenamientos
            con empresas exportadoras que ha dado resultados, y queremos compararlo con otras
            experiencias.

            Temas que nos interesan:

            1. **Encadenamientos** con grandes empresas exportadoras.
            2. **Consorcios de exportación** entre pequeñas empresas.
            3. Sistemas de **garantías** para el financiamiento.

            El programa SELA-IBERPYME acumuló mucha experiencia en estos temas; sería bueno
            recuperarla.
        """,
        "replies": [
            {
                "author": "rosa.lemus",
                "body": """
                    En el SICA hemos visto que los consorcios funcionan cuando tienen un **gerente
                    compartido** pagado, al menos en parte, por las propias empresas. Cuando todo lo
                    paga la cooperación, el consorcio desaparece con el proyecto.
                """,
                "replies": [
                    {
                        "author": "mauricio.solano",
                        "body": "Es exactamente nuestra experiencia. ¿Tienen algún documento con esos casos?",
                        "replies": [
                            {
                                "author": "rosa.lemus",
                                "body": """
                                    Sí, una sistematización de casos de la región. La subo a la
                                    biblioteca del [SICA](https://www.sica.int) y comparto aquí el
                                    enlace.
                                """,
                            },
                        ],
                    },
                ],
            },
            {
                "author": "andres.rincon",
                "body": """
                    Sobre garantías: los fondos funcionan mejor cuando el riesgo se comparte con los
                    bancos. Si la garantía cubre el 100 % del crédito, nadie lo evalúa bien.
                """,
            },
            {
                "author": "tomas.aguirre",
                "body": """
                    No olvidemos a las **cooperativas** y a las empresas de economía social: también
                    exportan, sobre todo café, cacao y artesanías, y suelen quedar fuera de los
                    programas dirigidos a las MIPYMES.
                """,
                "replies": [
                    {
                        "author": "mauricio.solano",
                        "body": """
                            Buen punto, Tomás. En nuestro programa las cooperativas pueden
                            participar, pero casi no se postulan. Quizás nos falta difusión.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "category": "cooperacion-sur-sur",
        "author": "gabriela.soto",
        "days_ago": 100,
        "title": "Cooperación triangular: ¿quién conduce cuando el socio es del Norte?",
        "countries": ["BR", "CR", "MX"],
        "body": """
            México ha participado en varios proyectos triangulares con agencias europeas y
            asiáticas. Los resultados técnicos son buenos, pero la gestión no siempre lo es: tres
            socios, tres ciclos de proyecto y tres formatos de informe.

            Algunas preguntas para el grupo:

            - ¿Quién debería presidir el comité de gestión: el receptor, el oferente del Sur o el
              socio del Norte?
            - ¿Han logrado usar **un solo formato de informe** para los tres socios?
            - ¿Cómo evitan que el socio que más financia termine definiendo la agenda?
        """,
        "replies": [
            {
                "author": "mauricio.solano",
                "body": """
                    Como receptores en un proyecto triangular de gestión de residuos sólidos,
                    nuestra conclusión fue clara: **el comité lo preside el país receptor**. Cuando
                    lo presidía el socio financiador, las decisiones tardaban el doble porque todo
                    se consultaba con su sede.
                """,
                "replies": [
                    {
                        "author": "gabriela.soto",
                        "body": """
                            Coincido, Mauricio. ¿Y cómo resolvieron los informes? ¿El socio
                            financiador aceptó su formato?
                        """,
                        "replies": [
                            {
                                "author": "mauricio.solano",
                                "body": """
                                    Negociamos un informe único con un anexo financiero en el
                                    formato del financiador. No es perfecto, pero redujo a la mitad
                                    el trabajo de nuestros técnicos.
                                """,
                            },
                        ],
                    },
                ],
            },
            {
                "author": "ana.carvalho",
                "body": """
                    Nas parcerias triangulares com a JICA, o que funcionou foi definir no acordo
                    inicial um **plano de trabalho comum** e uma única instância de decisão. O
                    financiamento pode ser desigual; a decisão, não.
                """,
                "replies": [
                    {
                        "author": "andres.rincon",
                        "body": "Muy buena fórmula, Ana. La vamos a proponer en el taller de puntos focales.",
                    },
                ],
            },
            {
                "author": "marcia.campbell",
                "body": """
                    From the recipient's side: please make sure the three partners agree on whom the
                    beneficiary should call when something goes wrong. In one project we had three
                    focal points and none of them could decide.
                """,
            },
        ],
    },
    {
        "category": "crecimiento-sostenible",
        "author": "desmond.alleyne",
        "days_ago": 62,
        "title": "Financiamiento para la adaptación al cambio climático en los pequeños Estados insulares",
        "countries": ["CR", "HT", "JM"],
        "body": """
            For the small island states of the Caribbean, climate change is not a future risk:
            rising sea levels, coral bleaching and stronger hurricanes already affect tourism,
            fisheries and public finances.

            Three obstacles keep coming up in our discussions at CARICOM:

            1. **Access:** climate funds require project pipelines and fiduciary standards that
               small administrations struggle to meet.
            2. **Eligibility:** several of our members are classified as middle or high income,
               which closes the door to concessional finance despite their vulnerability.
            3. **Debt:** every disaster adds to public debt and leaves less room for adaptation.

            I would welcome views from colleagues in Central and South America, who face some of
            the same problems on a different scale.
        """,
        "replies": [
            {
                "author": "jeanrobert.pierrelouis",
                "body": """
                    Pour Haïti, le problème principal est l'**accès** : nos équipes passent plus de
                    temps à remplir les formulaires des différents fonds qu'à préparer les projets.
                    Un appui régional à la préparation des dossiers serait très utile.
                """,
                "replies": [
                    {
                        "author": "desmond.alleyne",
                        "body": """
                            Agreed, Jean-Robert. A shared **project preparation facility** is one of
                            the proposals on the table, and Haiti should be part of that
                            conversation from the start.
                        """,
                    },
                ],
            },
            {
                "author": "patricia.illanes",
                "body": """
                    Sobre el punto 2: la CEPAL ha propuesto incorporar la **vulnerabilidad** como
                    criterio para asignar financiamiento en condiciones favorables, y no solo el
                    ingreso per cápita. El Caribe es el caso más claro.
                """,
            },
            {
                "author": "mauricio.solano",
                "body": """
                    Costa Rica puede aportar su experiencia con el **pago por servicios
                    ambientales**, financiado en parte con un impuesto a los combustibles. No es
                    adaptación en sentido estricto, pero muestra que un instrumento nacional estable
                    puede atraer cooperación adicional.
                """,
                "replies": [
                    {
                        "author": "marcia.campbell",
                        "body": """
                            Very interesting, Mauricio. Is there an English summary of how the
                            scheme is financed? Our environment ministry would like to study it.
                        """,
                        "replies": [
                            {
                                "author": "mauricio.solano",
                                "body": """
                                    Sí, Marcia: el fondo publica un resumen en inglés. Se lo hago
                                    llegar por medio de la Secretaría.
                                """,
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "category": "organismos-subregionales",
        "author": "rosa.lemus",
        "days_ago": 44,
        "title": "Mapa de los programas sociales de los esquemas de integración",
        "body": """
            Para preparar el próximo encuentro sobre la dimensión social de la integración,
            propongo construir aquí un **mapa de los programas sociales** de cada esquema y de sus
            instancias responsables:

            - **SICA:** Consejo de la Integración Social Centroamericana y su Secretaría.
            - **CAN:** Plan Integrado de Desarrollo Social.
            - **MERCOSUR:** Instituto Social del MERCOSUR.
            - **CARICOM:** Dirección de Desarrollo Humano y Social.
            - **ALBA**, **UNASUR** y **AEC:** pendientes; ¿quién puede completarlos?

            La idea es ver dónde hay duplicaciones y dónde hay espacio para programas comunes.
        """,
        "replies": [
            {
                "author": "desmond.alleyne",
                "body": """
                    For CARICOM, please add the regional strategies on **HIV**, **youth
                    development** and **social protection**, coordinated through the Council for
                    Human and Social Development (COHSOD).
                """,
            },
            {
                "author": "patricia.illanes",
                "body": """
                    Sugiero una columna con las **fuentes de financiamiento** de cada programa:
                    muchas iniciativas subregionales dependen de la cooperación externa, y eso
                    condiciona su continuidad.
                """,
            },
            {
                "author": "tomas.aguirre",
                "body": """
                    Y otra sobre los **mecanismos de participación social**: consejos consultivos,
                    foros de la sociedad civil, cumbres sociales. Algunos esquemas los tienen y otros
                    no.
                """,
                "replies": [
                    {
                        "author": "rosa.lemus",
                        "body": """
                            Buenas sugerencias. Incorporo ambas columnas y publico la primera versión
                            del mapa la semana próxima.
                        """,
                    },
                ],
            },
            {
                "author": "carolina.mendez",
                "body": """
                    La SP-SELA puede completar la información de ALBA, UNASUR y la AEC a partir de
                    sus documentos oficiales y preparar la síntesis para el encuentro.
                """,
            },
        ],
    },
    {
        "category": "cooperacion-sur-sur",
        "author": "carolina.mendez",
        "days_ago": 9,
        "title": "Taller de actualización de puntos focales: ¿qué temas priorizamos?",
        "body": """
            A continuación de la próxima Reunión de Directores de Cooperación Internacional de
            América Latina y el Caribe se realizará el **Taller de actualización de puntos
            focales**, y queremos que el programa responda a sus necesidades.

            Temas propuestos hasta ahora:

            - negociación de acuerdos de cooperación técnica;
            - medición de la cooperación Sur-Sur (véase el hilo sobre la ficha común);
            - gestión de proyectos triangulares;
            - incorporación de la reducción del riesgo de desastres en los proyectos.

            Respondan con los dos temas que consideran prioritarios. Cerramos el programa en tres
            semanas.
        """,
        "replies": [
            {
                "author": "jeanrobert.pierrelouis",
                "body": "Pour Haïti : la **coordination des bailleurs** et la gestion axée sur les résultats.",
            },
            {
                "author": "ana.carvalho",
                "body": "Medição da cooperação Sul-Sul e gestão de projetos triangulares.",
            },
            {
                "author": "lucia.ferreyra",
                "body": """
                    Negociación de acuerdos y medición. Podemos presentar los resultados del piloto
                    de la ficha común.
                """,
                "replies": [
                    {
                        "author": "carolina.mendez",
                        "body": "Excelente, Lucía: reservamos un espacio del programa para el piloto.",
                    },
                ],
            },
            {
                "author": "ernesto.valdes",
                "body": """
                    Reducción del riesgo de desastres y medición, con el enfoque de costos directos
                    que acordamos en el hilo de la ficha común.
                """,
            },
        ],
    },
]


# Cooperation offer and demand. A country's listings are published by its
# focal point, an organisation's by the moderator; `owner` is an ISO code or
# an organisation's acronym. `days_ago` dates the publication; `history`
# lists later events as (days_ago, change) where a change of None is a
# one-click validation and a dict an edit (`valid_months` moves the validity
# date, `addendum` adds a paragraph to the description); a third element
# names who made it when it is not the publisher. A listing with no event in
# the last six months is stale, as four of these are on purpose.
LISTINGS = [
    # Argentina
    {
        "key": "ar-huertas",
        "owner": "AR",
        "kind": "offer",
        "sector": "agriculture",
        "modality": "technical_assistance",
        "title": "Huertas familiares y comunitarias para la autoproducción de alimentos",
        "body": """
            Argentina ofrece asistencia técnica para poner en marcha programas de **huertas
            familiares, escolares y comunitarias** que permitan a hogares de bajos ingresos, rurales
            y periurbanos, producir alimentos frescos para su propio consumo.

            La asistencia incluye:

            - el diseño del programa y de su red de promotores y técnicos territoriales;
            - la selección y distribución de semillas de estación adaptadas a cada zona;
            - la formación en técnicas agroecológicas, compostaje y uso eficiente del agua;
            - el seguimiento con indicadores sencillos de producción y consumo.

            El equipo técnico argentino realiza una misión de diagnóstico y acompaña la primera
            campaña de siembra. El país socio aporta la contraparte institucional y la logística
            local.
        """,
        "sdgs": [1, 2, 12],
        "partners": ["BO", "HT", "PY"],
        "valid_months": 18,
        "contact": ("Martín Ledesma", "huertas@cancilleria-ar.example"),
        "days_ago": 226,
        "history": [
            (120, None),
            (
                40,
                {
                    "partners": ["BO", "GT", "HT", "PY"],
                    "valid_months": 24,
                    "addendum": "**Actualización:** Guatemala se suma como país socio a partir de la próxima campaña.",
                },
            ),
        ],
    },
    {
        "key": "ar-forense",
        "owner": "AR",
        "kind": "offer",
        "sector": "science",
        "modality": "expert_exchange",
        "title": "Antropología y genética forense para la búsqueda e identificación de personas",
        "body": """
            Argentina pone a disposición la experiencia de sus equipos de **antropología y genética
            forense** en la búsqueda e identificación de personas desaparecidas.

            Temas del intercambio:

            - protocolos de exhumación, análisis de restos y cadena de custodia;
            - bancos de perfiles genéticos de familiares y su cruce con restos sin identificar;
            - acompañamiento a las familias durante todo el proceso.

            El intercambio combina visitas de especialistas argentinos con estadías de profesionales
            del país socio en laboratorios de referencia.
        """,
        "sdgs": [16],
        "partners": ["CO", "GT", "PE"],
        "valid_months": 24,
        "contact": ("Dra. Silvina Acosta", "forense@cancilleria-ar.example"),
        "days_ago": 178,
        "history": [(22, None)],
    },
    {
        "key": "ar-metrologia",
        "owner": "AR",
        "kind": "offer",
        "sector": "smes",
        "modality": "training",
        "title": "Metrología y gestión de la calidad para laboratorios que atienden a PYMES",
        "body": """
            Cursos de **metrología y gestión de la calidad** para técnicos de institutos de
            tecnología industrial y de laboratorios que prestan servicios a pequeñas y medianas
            empresas:

            - calibración de instrumentos y trazabilidad de las mediciones;
            - preparación para la acreditación de laboratorios de ensayo;
            - apoyo a las PYMES que deben certificar sus productos para exportar.

            Cursos presenciales de dos semanas en Buenos Aires, con módulos virtuales previos.
        """,
        "sdgs": [8, 9],
        "partners": ["BO", "PY"],
        "valid_months": 12,
        "contact": ("Ing. Pablo Cernadas", "calidad@cancilleria-ar.example"),
        "days_ago": 229,
    },
    {
        "key": "ar-incendios",
        "owner": "AR",
        "kind": "demand",
        "sector": "disaster_risk",
        "modality": "expert_exchange",
        "title": "Manejo del fuego e incendios forestales: intercambio con equipos especializados",
        "body": """
            Las temporadas de incendios forestales son cada vez más largas e intensas. Argentina
            busca **intercambiar expertos** con países que hayan desarrollado sistemas de manejo
            del fuego, en particular sobre:

            - prevención: quemas prescritas, cortafuegos y trabajo con productores rurales;
            - predicción del peligro de incendio con datos meteorológicos y satelitales;
            - coordinación entre brigadas nacionales, provinciales y voluntarias.

            Argentina cubre los pasajes de sus brigadistas y recibe a los expertos visitantes en
            sus centros regionales.
        """,
        "sdgs": [13, 15],
        "partners": ["BR", "CL", "MX"],
        "valid_months": 12,
        "contact": ("Lic. Carla Benítez", "manejodelfuego@cancilleria-ar.example"),
        "days_ago": 74,
    },
    # Brasil
    {
        "key": "br-leche",
        "owner": "BR",
        "kind": "offer",
        "sector": "health",
        "modality": "internship",
        "title": "Pasantías técnicas en bancos de leche humana para equipos hospitalarios",
        "body": """
            Brasil ofrece **pasantías técnicas** en bancos de leche humana de referencia para
            equipos de hospitales maternos e infantiles que quieran abrir o mejorar un banco de
            leche.

            Durante la pasantía, de dos a cuatro semanas, los profesionales participan en:

            - la captación de donantes y la recolección domiciliaria;
            - la pasteurización, el control de calidad y la distribución de la leche;
            - el apoyo a la lactancia materna en la unidad neonatal;
            - la gestión del banco, incluido el mantenimiento de los equipos.

            Conviene que cada país envíe un equipo de enfermería, nutrición y laboratorio que luego
            forme a otros profesionales.
        """,
        "sdgs": [2, 3],
        "partners": ["DO", "GT", "HT", "PE"],
        "valid_months": 18,
        "contact": ("Dra. Helena Matos", "bancosdeleite@abc-brasil.example"),
        "days_ago": 190,
        "history": [(31, None)],
    },
    {
        "key": "br-alimentacion",
        "owner": "BR",
        "kind": "both",
        "sector": "agriculture",
        "modality": "expert_exchange",
        "title": "Alimentación escolar con compras a la agricultura familiar: intercambio doble vía",
        "body": """
            Brasil propone un **intercambio en ambos sentidos** sobre los programas de alimentación
            escolar que compran alimentos a la agricultura familiar.

            **Brasil ofrece** su experiencia en compras públicas a agricultores familiares, menús
            elaborados por nutricionistas y control social del programa en cada municipio.

            **Brasil busca** conocer cómo otros países organizan la logística en zonas rurales
            dispersas y cómo incorporan alimentos tradicionales y de la pesca artesanal a los
            menús escolares.

            Se prevén misiones cortas de técnicos de ambos países y un informe conjunto de
            lecciones aprendidas.
        """,
        "sdgs": [2, 4, 12],
        "partners": ["GT", "HT", "PE"],
        "valid_months": 20,
        "contact": ("Rodrigo Paiva", "alimentacaoescolar@abc-brasil.example"),
        "days_ago": 158,
        "history": [(61, {"partners": ["DO", "GT", "HT", "PE"]})],
    },
    {
        "key": "br-deslizamientos",
        "owner": "BR",
        "kind": "demand",
        "sector": "disaster_risk",
        "modality": "expert_exchange",
        "title": "Prevención de deslizamientos en barrios de ladera: metodologías comunitarias",
        "body": """
            Tras las lluvias extremas de los últimos años, Brasil busca un **intercambio de
            expertos** sobre la gestión comunitaria del riesgo de deslizamientos en barrios de
            ladera de las grandes ciudades:

            - mapas de riesgo elaborados con la participación de los vecinos;
            - alertas por sirenas y mensajes con umbrales de lluvia;
            - simulacros y rutas de evacuación que mantiene la propia comunidad.

            Interesa en especial la experiencia de países del Caribe y de Centroamérica con
            comités comunitarios de protección civil.
        """,
        "sdgs": [11, 13],
        "partners": [],
        "valid_months": 12,
        "contact": ("Eng. Marcelo Tavares", "defesacivil@abc-brasil.example"),
        "days_ago": 108,
    },
    # Colombia
    {
        "key": "co-paz",
        "owner": "CO",
        "kind": "offer",
        "sector": "social",
        "modality": "expert_exchange",
        "title": "Reincorporación y construcción de paz en los territorios: intercambio de expertos",
        "body": """
            Colombia comparte la experiencia acumulada en los procesos de **reincorporación a la
            vida civil** y de **construcción de paz territorial**:

            - rutas de reincorporación económica: proyectos productivos colectivos y acceso a
              tierras;
            - acompañamiento psicosocial a excombatientes, a sus familias y a las comunidades que
              los reciben;
            - espacios de diálogo entre víctimas, autoridades locales y población reincorporada.

            El intercambio combina visitas a los territorios con reuniones con las instituciones
            responsables.
        """,
        "sdgs": [10, 16],
        "partners": ["GT", "HN", "SV"],
        "valid_months": 24,
        "contact": ("Diana Marcela Pardo", "paz@apc-colombia.example"),
        "days_ago": 221,
        "history": [(151, None), (19, None)],
    },
    {
        "key": "co-mipymes",
        "owner": "CO",
        "kind": "offer",
        "sector": "smes",
        "modality": "training",
        "title": "Encadenamientos productivos y consorcios de exportación para MIPYMES",
        "body": """
            Colombia ofrece un **curso de formación** para asesores de MIPYMES de agencias de
            promoción de exportaciones, cámaras de comercio y ministerios de industria.

            Contenidos:

            1. Diagnóstico de proveedores y programas de **encadenamiento** con empresas
               exportadoras.
            2. Creación y gestión de **consorcios de exportación** con un gerente compartido.
            3. Acceso a garantías y financiamiento para pequeñas empresas exportadoras.
            4. Casos de Colombia y de otros países de la región.

            El curso dura seis semanas, combina clases virtuales con una semana presencial en
            Bogotá y está pensado para formar formadores.
        """,
        "sdgs": [8, 9, 17],
        "partners": ["CR", "EC", "GT"],
        "valid_months": 15,
        "contact": ("Juliana Restrepo", "mipymes@apc-colombia.example"),
        "days_ago": 131,
        "history": [
            (
                50,
                {
                    "valid_months": 21,
                    "addendum": "**Segunda edición:** inscripciones abiertas para el próximo semestre, con 30 cupos.",
                },
            ),
        ],
    },
    {
        "key": "co-catastro",
        "owner": "CO",
        "kind": "offer",
        "sector": "public_admin",
        "modality": "technical_assistance",
        "title": "Catastro multipropósito en municipios rurales",
        "body": """
            Colombia ofrece asistencia técnica para formar y actualizar el **catastro
            multipropósito** en municipios rurales, con barrido predial, levantamiento con drones y
            participación de la comunidad.

            La experiencia muestra un doble beneficio: mejora la recaudación del impuesto predial
            de los municipios y da seguridad jurídica a los pequeños propietarios.

            La asistencia cubre el marco normativo, la metodología de campo, los sistemas de
            información y la formación de gestores catastrales municipales.
        """,
        "sdgs": [1, 11, 16],
        "partners": ["EC", "GT", "PE"],
        "valid_months": 18,
        "contact": ("Camilo Andrés Vargas", "catastro@apc-colombia.example"),
        "days_ago": 96,
    },
    {
        "key": "co-deforestacion",
        "owner": "CO",
        "kind": "demand",
        "sector": "environment",
        "modality": "technical_assistance",
        "title": "Monitoreo comunitario de la deforestación con imágenes satelitales",
        "body": """
            Colombia busca asistencia técnica para que comunidades indígenas y campesinas de la
            Amazonía participen en el **monitoreo de la deforestación**:

            - lectura de alertas basadas en imágenes satelitales;
            - verificación en campo con aplicaciones móviles sencillas;
            - canales de reporte a las autoridades ambientales y seguimiento de cada caso.
        """,
        "sdgs": [13, 15],
        "partners": ["BR", "PE"],
        "valid_months": 12,
        "contact": ("Natalia Ospina", "ambiente@apc-colombia.example"),
        "days_ago": 231,
    },
    # Costa Rica
    {
        "key": "cr-psa",
        "owner": "CR",
        "kind": "offer",
        "sector": "environment",
        "modality": "expert_exchange",
        "title": "Pago por servicios ambientales: diseño, financiamiento y monitoreo",
        "body": """
            Costa Rica ofrece un intercambio de expertos sobre su **programa nacional de pago por
            servicios ambientales**, que reconoce a los propietarios de bosques y fincas por
            proteger cuencas, biodiversidad y carbono.

            Temas del intercambio:

            - diseño legal e institucional del esquema y de su fondo;
            - **financiamiento estable**, en parte con un impuesto a los combustibles y con
              tarifas de agua;
            - contratos con los propietarios, pagos y prioridades territoriales;
            - monitoreo de la cobertura forestal y evaluación de resultados.

            Los expertos costarricenses pueden visitar el país socio y recibir a sus equipos en las
            oficinas regionales del programa.
        """,
        "sdgs": [6, 13, 15],
        "partners": ["DO", "GT", "JM"],
        "valid_months": 18,
        "contact": ("Adriana Quesada", "psa@mideplan-cr.example"),
        "days_ago": 57,
    },
    {
        "key": "cr-turismo",
        "owner": "CR",
        "kind": "both",
        "sector": "smes",
        "modality": "expert_exchange",
        "title": "Turismo rural comunitario: intercambio doble vía entre redes de emprendimientos",
        "body": """
            Costa Rica propone un **intercambio en ambos sentidos** entre redes de turismo rural
            comunitario.

            **Costa Rica ofrece** su experiencia en la organización de redes de emprendimientos,
            la certificación de sostenibilidad y la comercialización conjunta.

            **Costa Rica busca** aprender de otros países sobre la puesta en valor del patrimonio
            cultural y gastronómico y sobre el acceso de cooperativas y asociaciones a los
            mercados digitales.
        """,
        "sdgs": [8, 12],
        "partners": ["DO", "GT", "PE"],
        "valid_months": 15,
        "contact": ("Luis Diego Chaves", "turismo@mideplan-cr.example"),
        "days_ago": 140,
        "history": [(70, None)],
    },
    {
        "key": "cr-ciberseguridad",
        "owner": "CR",
        "kind": "demand",
        "sector": "ict",
        "modality": "technical_assistance",
        "title": "Ciberseguridad en las instituciones públicas: respuesta a incidentes",
        "body": """
            Tras varios ataques a sistemas del Estado, Costa Rica busca asistencia técnica para
            fortalecer la **ciberseguridad de las instituciones públicas**:

            - organización de un equipo nacional de respuesta a incidentes;
            - protocolos de continuidad del servicio y de respaldo de la información;
            - formación de los responsables de tecnología de los ministerios.
        """,
        "sdgs": [9, 16],
        "partners": [],
        "valid_months": 12,
        "contact": ("Ing. Karla Jiménez", "ciberseguridad@mideplan-cr.example"),
        "days_ago": 41,
    },
    # México
    {
        "key": "mx-alerta",
        "owner": "MX",
        "kind": "offer",
        "sector": "disaster_risk",
        "modality": "technical_assistance",
        "title": "Sistemas de alerta temprana ante huracanes, inundaciones y lluvias intensas",
        "body": """
            México ofrece asistencia técnica para diseñar o fortalecer **sistemas de alerta
            temprana** ante fenómenos hidrometeorológicos: huracanes, inundaciones y lluvias
            intensas.

            La asistencia abarca:

            - redes de estaciones hidrometeorológicas y pronóstico por cuencas;
            - umbrales de alerta y protocolos de comunicación con las autoridades locales;
            - mensajes a la población en lenguaje claro y en lenguas indígenas;
            - simulacros y evaluación al final de cada temporada.

            Participan especialistas del servicio meteorológico y de protección civil.
        """,
        "sdgs": [11, 13],
        "partners": ["DO", "GT", "HN", "HT"],
        "valid_months": 18,
        "contact": ("Mtro. Ricardo Salinas", "alertatemprana@amexcid-mx.example"),
        "days_ago": 204,
        "history": [(99, None)],
    },
    {
        "key": "mx-becas",
        "owner": "MX",
        "kind": "offer",
        "sector": "education",
        "modality": "scholarships",
        "title": "Becas de posgrado para profesionales de América Latina y el Caribe",
        "body": """
            México ofrece **becas para maestrías y doctorados** en universidades e institutos de
            investigación mexicanos, para profesionales de la región.

            La beca cubre una manutención mensual, el seguro médico y la colegiatura según el
            convenio con cada institución; los pasajes corren por cuenta del becario o de su
            institución.

            Áreas prioritarias: salud pública, energía, ciencias agrícolas, gestión del agua y
            políticas públicas.
        """,
        "sdgs": [4, 17],
        "partners": [],
        "valid_months": 12,
        "contact": ("Lic. Mariana Ortega", "becas@amexcid-mx.example"),
        "days_ago": 199,
        "history": [
            (
                34,
                {
                    "valid_months": 20,
                    "addendum": "**Nueva convocatoria:** se agrega el área de ciencia de datos para el desarrollo.",
                },
            ),
        ],
    },
    {
        "key": "mx-vivienda",
        "owner": "MX",
        "kind": "offer",
        "sector": "housing",
        "modality": "financial",
        "title": "Cofinanciamiento de vivienda social resiliente en Centroamérica y el Caribe",
        "body": """
            México ofrece **cooperación financiera no reembolsable** para proyectos de vivienda
            social y mejoramiento de barrios que incorporen criterios de resiliencia ante
            huracanes y sismos.

            - Proyectos presentados por las instituciones nacionales de vivienda, con contrapartida
              local.
            - Diseños que usen materiales y mano de obra de la zona.
            - Asistencia técnica complementaria en normas de construcción.
        """,
        "sdgs": [1, 11, 13],
        "partners": ["GT", "HN", "HT", "SV"],
        "valid_months": 24,
        "contact": ("Arq. Fernando Ibarra", "vivienda@amexcid-mx.example"),
        "days_ago": 120,
        "history": [(45, None)],
    },
    # Cuba
    {
        "key": "cu-materno",
        "owner": "CU",
        "kind": "offer",
        "sector": "health",
        "modality": "training",
        "title": "Formación en atención materno-infantil y salud comunitaria",
        "body": """
            Cuba ofrece **cursos de formación** en atención materno-infantil y salud comunitaria
            para médicos generales, enfermeras y parteras.

            Contenidos:

            - control prenatal y detección temprana de los embarazos de riesgo;
            - atención del parto y del recién nacido en centros del primer nivel;
            - seguimiento de la madre y del niño por los equipos de salud de la comunidad;
            - registro de la información y vigilancia de la mortalidad materna e infantil.

            Los cursos pueden impartirse en Cuba o en el país socio, en español o en francés, con
            materiales adaptados.
        """,
        "sdgs": [3, 5],
        "partners": ["GT", "HN", "HT"],
        "valid_months": 18,
        "contact": ("Dra. Ileana Fonseca", "saludcooperacion@mincex-cu.example"),
        "days_ago": 217,
        "history": [(139, None), (62, None)],
    },
    {
        "key": "cu-preparacion",
        "owner": "CU",
        "kind": "offer",
        "sector": "disaster_risk",
        "modality": "expert_exchange",
        "title": "Preparación comunitaria ante huracanes: evacuación y atención a personas vulnerables",
        "body": """
            A partir del intercambio en este espacio, Cuba ofrece visitas de expertos sobre la
            **preparación comunitaria ante huracanes**:

            - listas de personas vulnerables que la propia comunidad mantiene al día con el médico
              de familia;
            - fases de alerta que la población conoce y simulacros antes de cada temporada;
            - organización de la evacuación y de los centros de protección.

            Los materiales están en español y pueden prepararse en francés con el apoyo de la
            SP-SELA.
        """,
        "sdgs": [1, 11, 13],
        "partners": ["HT", "JM"],
        "valid_months": 18,
        "contact": ("Ing. Orlando Pérez", "defensacivil@mincex-cu.example"),
        "days_ago": 163,
        "history": [(58, None)],
    },
    {
        "key": "cu-alfabetizacion",
        "owner": "CU",
        "kind": "offer",
        "sector": "education",
        "modality": "training",
        "title": "Alfabetización de personas jóvenes y adultas con apoyo audiovisual",
        "body": """
            Cuba ofrece formación de facilitadores y asesoría para programas de **alfabetización
            de personas jóvenes y adultas** basados en clases grabadas, cartillas y facilitadores
            de la propia comunidad.

            El método se adapta a la lengua y al contexto de cada país, y se complementa con una
            fase de posalfabetización.
        """,
        "sdgs": [4],
        "partners": ["HN", "HT"],
        "valid_months": 12,
        "contact": ("Lic. Marta Álvarez", "educacion@mincex-cu.example"),
        "days_ago": 228,
    },
    {
        "key": "cu-fotovoltaica",
        "owner": "CU",
        "kind": "demand",
        "sector": "environment",
        "modality": "technical_assistance",
        "title": "Mantenimiento de sistemas fotovoltaicos en comunidades rurales aisladas",
        "body": """
            Cuba busca asistencia técnica para el **mantenimiento de los sistemas fotovoltaicos
            aislados** que abastecen a escuelas, consultorios y viviendas en comunidades de
            montaña:

            - diagnóstico de los equipos instalados y de sus baterías;
            - formación de técnicos locales en mantenimiento preventivo;
            - gestión de repuestos y reciclaje de baterías.
        """,
        "sdgs": [7, 13],
        "partners": [],
        "valid_months": 12,
        "contact": ("Ing. Yamilé Rodríguez", "energia@mincex-cu.example"),
        "days_ago": 69,
    },
    # Jamaica
    {
        "key": "jm-psa",
        "owner": "JM",
        "kind": "demand",
        "sector": "environment",
        "modality": "expert_exchange",
        "title": "Diseño de un esquema de pago por servicios ambientales en cuencas hidrográficas",
        "body": """
            Jamaica busca un intercambio de expertos para diseñar un **esquema nacional de pago por
            servicios ambientales** que proteja las cuencas que abastecen de agua a Kingston y a
            las zonas turísticas.

            Necesitamos conocer:

            - cómo financiar el esquema de forma estable: tarifas de agua, impuestos o fondos;
            - cómo seleccionar a los propietarios y monitorear la cobertura forestal;
            - qué marco legal e institucional requiere.

            El ministerio de ambiente coordina el equipo nacional; el instituto de planificación
            facilita la cooperación.
        """,
        "sdgs": [6, 13, 15],
        "partners": ["CR"],
        "valid_months": 15,
        "contact": ("Dr. Andrea Whyte", "environment.coop@pioj-jm.example"),
        "days_ago": 55,
    },
    {
        "key": "jm-registro",
        "owner": "JM",
        "kind": "demand",
        "sector": "social",
        "modality": "technical_assistance",
        "title": "Registro social de hogares para focalizar la protección social y el empleo juvenil",
        "body": """
            Jamaica busca asistencia técnica para consolidar un **registro social de hogares** que
            sirva a varios programas de protección social y permita vincular a los jóvenes de los
            hogares beneficiarios con formación y empleo:

            - arquitectura del registro e interoperabilidad con otros sistemas del Estado;
            - actualización periódica y verificación de la información;
            - protección de los datos personales.
        """,
        "sdgs": [1, 8, 10],
        "partners": [],
        "valid_months": 15,
        "contact": ("Damion Clarke", "socialprotection@pioj-jm.example"),
        "days_ago": 119,
        "history": [(48, None)],
    },
    {
        "key": "jm-comites",
        "owner": "JM",
        "kind": "demand",
        "sector": "disaster_risk",
        "modality": "training",
        "title": "Capacitación de comités comunitarios de emergencia para llegar a hogares vulnerables",
        "body": """
            Jamaica busca **cursos de capacitación** para los comités comunitarios de gestión de
            desastres, para que identifiquen y asistan a tiempo a los hogares más vulnerables
            —personas mayores que viven solas, personas con discapacidad— cuando se emite una
            alerta de huracán.
        """,
        "sdgs": [10, 11, 13],
        "partners": [],
        "valid_months": 12,
        "contact": ("Sharon Blake", "disasters.coop@pioj-jm.example"),
        "days_ago": 224,
    },
    {
        "key": "jm-hospitalidad",
        "owner": "JM",
        "kind": "offer",
        "sector": "education",
        "modality": "training",
        "title": "Formación de instructores en hotelería y turismo",
        "body": """
            Jamaica ofrece **cursos para instructores** de escuelas técnicas de hotelería y
            turismo, en inglés o con interpretación al español:

            - servicio de alimentos y bebidas;
            - gestión de alojamientos y atención al visitante;
            - normas de calidad y seguridad.

            Incluye prácticas en hoteles que colaboran con las escuelas jamaiquinas.
        """,
        "sdgs": [4, 8],
        "partners": ["BZ", "DO", "HT"],
        "valid_months": 12,
        "contact": ("Paulette Grant", "training@pioj-jm.example"),
        "days_ago": 98,
    },
    # Haití
    {
        "key": "ht-materno",
        "owner": "HT",
        "kind": "demand",
        "sector": "health",
        "modality": "training",
        "title": "Formación de parteras y personal de salud materno-infantil en zonas rurales",
        "body": """
            Haití busca **cursos de formación** para parteras, enfermeras y agentes de salud
            comunitaria de los departamentos rurales, con el fin de reducir la mortalidad materna
            y neonatal:

            - control prenatal y detección de los embarazos de riesgo;
            - atención del parto y del recién nacido y referencia oportuna al hospital;
            - seguimiento comunitario de la madre y del niño.

            La formación debe impartirse en francés o en criollo haitiano, de preferencia en el
            país, para llegar a más personal.
        """,
        "sdgs": [3, 5],
        "partners": ["CU"],
        "valid_months": 15,
        "contact": ("Dre Marie-Claude Joseph", "sante.cooperation@mpce-ht.example"),
        "days_ago": 149,
        "history": [
            (
                88,
                {
                    "partners": ["BR", "CU"],
                    "addendum": "**Prioridad:** los departamentos del Noroeste y de la Grand'Anse.",
                },
            ),
        ],
    },
    {
        "key": "ht-huertas",
        "owner": "HT",
        "kind": "demand",
        "sector": "agriculture",
        "modality": "technical_assistance",
        "title": "Huertas escolares y familiares para la seguridad alimentaria en zonas rurales",
        "body": """
            Haití busca asistencia técnica para extender las **huertas escolares y familiares** en
            zonas rurales, como complemento de la alimentación escolar y fuente de alimentos
            frescos para las familias:

            - semillas adaptadas y producción local de semillas;
            - formación de promotores y de docentes;
            - conservación de suelos y de agua en las laderas.
        """,
        "sdgs": [2, 4],
        "partners": ["AR", "BR"],
        "valid_months": 15,
        "contact": ("Wilner Jean-Baptiste", "agriculture.coop@mpce-ht.example"),
        "days_ago": 128,
    },
    {
        "key": "ht-coordinacion",
        "owner": "HT",
        "kind": "demand",
        "sector": "public_admin",
        "modality": "training",
        "title": "Coordinación de la ayuda externa y gestión por resultados",
        "body": """
            Haití busca **capacitación** para los equipos de la dirección de cooperación externa y
            de los ministerios sectoriales en:

            - coordinación de donantes y socios en torno a las prioridades nacionales;
            - registro de la ayuda en un sistema de información único;
            - gestión por resultados y seguimiento de proyectos.
        """,
        "sdgs": [16, 17],
        "partners": [],
        "valid_months": 12,
        "contact": ("Nadège Célestin", "cooperation.externe@mpce-ht.example"),
        "days_ago": 44,
    },
    # Chile
    {
        "key": "cl-registro",
        "owner": "CL",
        "kind": "offer",
        "sector": "social",
        "modality": "technical_assistance",
        "title": "Registro social de hogares y sistemas integrados de protección social",
        "body": """
            Chile ofrece asistencia técnica en el diseño y la operación de un **registro social de
            hogares** que alimenta a los programas de protección social:

            - calificación socioeconómica con datos administrativos y declarados por los hogares;
            - interoperabilidad con los registros de salud, educación, trabajo e ingresos;
            - actualización en línea por las propias familias y por los municipios;
            - resguardo de los datos personales.
        """,
        "sdgs": [1, 10, 16],
        "partners": ["GT", "HN", "JM", "PY"],
        "valid_months": 18,
        "contact": ("Paula Errázuriz", "proteccionsocial@agci-chile.example"),
        "days_ago": 114,
    },
    {
        "key": "cl-sismo",
        "owner": "CL",
        "kind": "offer",
        "sector": "disaster_risk",
        "modality": "training",
        "title": "Diplomado en construcción sismorresistente y gestión del riesgo sísmico",
        "body": """
            Chile ofrece un **diplomado** para ingenieros y funcionarios de los ministerios de
            obras públicas y de vivienda:

            - normas sismorresistentes e inspección de obras;
            - evaluación de daños después de un terremoto;
            - planes de continuidad de los servicios públicos.

            Las becas de participación cubren el programa; la institución del participante cubre
            los pasajes.
        """,
        "sdgs": [9, 11, 13],
        "partners": ["EC", "GT", "PE", "SV"],
        "valid_months": 12,
        "contact": ("Ing. Rodrigo Fuenzalida", "riesgosismico@agci-chile.example"),
        "days_ago": 99,
    },
    {
        "key": "cl-inocuidad",
        "owner": "CL",
        "kind": "offer",
        "sector": "agriculture",
        "modality": "triangular",
        "title": "Cooperación triangular en inocuidad alimentaria y sanidad agropecuaria",
        "body": """
            Chile y un socio de fuera de la región ofrecen un **programa triangular** para
            fortalecer los servicios de inocuidad alimentaria y sanidad agropecuaria de países de
            Centroamérica y el Caribe:

            - vigilancia de plagas y enfermedades de importancia cuarentenaria;
            - laboratorios de análisis de residuos y contaminantes;
            - certificación para la exportación de productos frescos.

            Chile aporta la conducción técnica, el socio el financiamiento, y el país beneficiario
            preside el comité de gestión.
        """,
        "sdgs": [2, 3, 17],
        "partners": ["DO", "GT", "HT"],
        "valid_months": 24,
        "contact": ("Dr. Andrés Valenzuela", "triangular@agci-chile.example"),
        "days_ago": 88,
    },
    # Perú
    {
        "key": "pe-cultivos",
        "owner": "PE",
        "kind": "offer",
        "sector": "agriculture",
        "modality": "expert_exchange",
        "title": "Cultivos andinos y conservación de la agrobiodiversidad",
        "body": """
            Perú ofrece un intercambio de expertos sobre el **manejo de cultivos andinos** —papa
            nativa, quinua, kiwicha— y la conservación de la agrobiodiversidad en comunidades
            campesinas:

            - bancos comunitarios de semillas y ferias de intercambio;
            - mejoramiento participativo con los agricultores;
            - acceso a mercados con sellos de origen.
        """,
        "sdgs": [2, 15],
        "partners": ["BO", "EC"],
        "valid_months": 18,
        "contact": ("Ing. Rosa Mamani", "agrobiodiversidad@apci-peru.example"),
        "days_ago": 151,
        "history": [(16, None)],
    },
    {
        "key": "pe-interoperabilidad",
        "owner": "PE",
        "kind": "demand",
        "sector": "ict",
        "modality": "technical_assistance",
        "title": "Interoperabilidad de los sistemas del Estado y gobierno digital",
        "body": """
            Perú busca asistencia técnica para ampliar la **interoperabilidad entre las entidades
            públicas** y dejar de pedir a la ciudadanía documentos que el Estado ya tiene:

            - plataforma de interoperabilidad y catálogo de servicios de datos;
            - firma digital y expediente electrónico;
            - gobernanza de datos y protección de los datos personales.
        """,
        "sdgs": [9, 16],
        "partners": ["CL", "UY"],
        "valid_months": 15,
        "contact": ("Ing. César Villanueva", "gobiernodigital@apci-peru.example"),
        "days_ago": 79,
    },
    {
        "key": "pe-patrimonio",
        "owner": "PE",
        "kind": "both",
        "sector": "culture",
        "modality": "expert_exchange",
        "title": "Museos comunitarios y patrimonio arqueológico: intercambio doble vía",
        "body": """
            Perú propone un **intercambio en ambos sentidos** sobre la gestión del patrimonio
            arqueológico y los museos comunitarios.

            **Perú ofrece** su experiencia en conservación de sitios arqueológicos, registro de
            bienes culturales y lucha contra el tráfico ilícito.

            **Perú busca** modelos de gestión de museos comunitarios y de turismo cultural que
            dejen ingresos en las comunidades vecinas de los sitios.
        """,
        "sdgs": [8, 11],
        "partners": ["GT", "MX"],
        "valid_months": 18,
        "contact": ("Lic. Gabriela Quispe", "patrimonio@apci-peru.example"),
        "days_ago": 62,
    },
    # Uruguay
    {
        "key": "uy-gobierno-digital",
        "owner": "UY",
        "kind": "offer",
        "sector": "ict",
        "modality": "technical_assistance",
        "title": "Gobierno digital: interoperabilidad, expediente electrónico y firma digital",
        "body": """
            Uruguay ofrece la asistencia técnica de su agencia de gobierno digital en:

            - **plataforma de interoperabilidad** entre organismos públicos;
            - expediente electrónico y trámites en línea de principio a fin;
            - firma e identidad digital;
            - ciberseguridad y respuesta a incidentes en el Estado.

            La asistencia combina misiones cortas, acompañamiento a distancia y estadías de
            técnicos del país socio en Montevideo.
        """,
        "sdgs": [9, 16],
        "partners": ["GT", "PE", "PY"],
        "valid_months": 18,
        "contact": ("Ing. Sofía Martínez", "gobiernodigital@auci-uy.example"),
        "days_ago": 137,
        "history": [(11, None)],
    },
    {
        "key": "uy-cuidados",
        "owner": "UY",
        "kind": "both",
        "sector": "social",
        "modality": "expert_exchange",
        "title": "Sistemas de cuidados para la primera infancia y las personas mayores: intercambio doble vía",
        "body": """
            Uruguay propone un **intercambio en ambos sentidos** sobre políticas de cuidados.

            **Uruguay ofrece** la experiencia de su sistema nacional de cuidados —centros de
            primera infancia, asistentes personales, teleasistencia para personas mayores— y la
            formación de cuidadoras.

            **Uruguay busca** experiencias de cuidados en zonas rurales y de financiamiento
            sostenible de estos servicios.
        """,
        "sdgs": [3, 5, 8, 10],
        "partners": ["CL", "CR", "MX"],
        "valid_months": 18,
        "contact": ("Lic. Florencia Rodríguez", "cuidados@auci-uy.example"),
        "days_ago": 109,
    },
    # Guatemala
    {
        "key": "gt-alerta",
        "owner": "GT",
        "kind": "demand",
        "sector": "disaster_risk",
        "modality": "technical_assistance",
        "title": "Sistemas de alerta temprana ante inundaciones y deslizamientos en cuencas",
        "body": """
            Guatemala busca asistencia técnica para fortalecer los **sistemas de alerta temprana**
            en cuencas expuestas a inundaciones y deslizamientos durante la temporada de lluvias y
            de huracanes:

            - instalación y mantenimiento de estaciones hidrometeorológicas;
            - umbrales de alerta y protocolos con las coordinadoras municipales;
            - mensajes a la población en idiomas mayas;
            - simulacros comunitarios.
        """,
        "sdgs": [11, 13],
        "partners": ["MX"],
        "valid_months": 15,
        "contact": ("Ing. Marco Tulio Ajú", "alertatemprana@segeplan-gt.example"),
        "days_ago": 104,
    },
    {
        "key": "gt-mipymes",
        "owner": "GT",
        "kind": "demand",
        "sector": "smes",
        "modality": "training",
        "title": "Formación de asesores de MIPYMES en encadenamientos y exportación",
        "body": """
            Guatemala busca **capacitación** para los asesores de sus centros de atención a
            MIPYMES, de modo que acompañen a las empresas en:

            - programas de encadenamiento con empresas exportadoras;
            - consorcios de exportación y requisitos de los mercados de destino;
            - acceso a financiamiento y garantías.
        """,
        "sdgs": [8, 9],
        "partners": ["CO", "CR"],
        "valid_months": 12,
        "contact": ("Licda. Ana Lucía Xicará", "mipyme@segeplan-gt.example"),
        "days_ago": 59,
    },
    # República Dominicana
    {
        "key": "do-leche",
        "owner": "DO",
        "kind": "demand",
        "sector": "health",
        "modality": "internship",
        "title": "Pasantías para abrir bancos de leche humana en hospitales maternos",
        "body": """
            La República Dominicana busca **pasantías** para los equipos de dos hospitales maternos
            que abrirán bancos de leche humana:

            - recolección, pasteurización y control de calidad de la leche;
            - captación de donantes y apoyo a la lactancia materna;
            - mantenimiento de los equipos de pasteurización.
        """,
        "sdgs": [2, 3],
        "partners": ["BR"],
        "valid_months": 12,
        "contact": ("Dra. Carmen Almonte", "salud.cooperacion@mepyd-do.example"),
        "days_ago": 71,
    },
    {
        "key": "do-presupuesto",
        "owner": "DO",
        "kind": "both",
        "sector": "public_admin",
        "modality": "expert_exchange",
        "title": "Planificación y presupuesto por resultados: intercambio doble vía",
        "body": """
            **La República Dominicana ofrece** su experiencia en la vinculación del plan nacional
            de desarrollo con el presupuesto plurianual y en el seguimiento público de las metas
            de gobierno.

            **Busca** metodologías de evaluación de programas públicos y de uso de sus resultados
            en las decisiones presupuestarias.
        """,
        "sdgs": [16, 17],
        "partners": ["CL", "CO", "CR", "MX"],
        "valid_months": 18,
        "contact": ("Lic. Rafael Encarnación", "planificacion@mepyd-do.example"),
        "days_ago": 48,
    },
    # Organisations
    {
        "key": "sela-curso",
        "owner": "SP-SELA",
        "kind": "offer",
        "sector": "public_admin",
        "modality": "training",
        "title": "Curso virtual de gestión de la cooperación Sur-Sur para puntos focales",
        "body": """
            La Secretaría Permanente del SELA ofrece un **curso virtual** para el personal de las
            agencias y direcciones de cooperación de los Estados Miembros:

            1. Negociación y formulación de proyectos de cooperación técnica.
            2. Gestión de proyectos triangulares.
            3. Registro, medición y valorización de la cooperación Sur-Sur.
            4. Gestión por resultados y seguimiento.

            Ocho semanas, en español, con materiales en inglés y francés; al final cada
            participante presenta un caso real de su institución.
        """,
        "sdgs": [17],
        "partners": [],
        "valid_months": 12,
        "contact": ("Carolina Méndez Arráiz", "carolina.mendez@demo.encuentro.sela.org"),
        "days_ago": 24,
    },
    {
        "key": "caricom-estadisticas",
        "owner": "CARICOM",
        "kind": "demand",
        "sector": "public_admin",
        "modality": "technical_assistance",
        "title": "Armonización de las estadísticas de cooperación de los Estados del Caribe",
        "body": """
            La Secretaría de la CARICOM busca asistencia técnica para armonizar el **registro de la
            cooperación recibida y ofrecida** por sus Estados miembros:

            - una clasificación sectorial común, compatible con la de este espacio;
            - criterios para valorizar la cooperación Sur-Sur en horas y costos directos;
            - un informe regional anual a partir de los registros nacionales.
        """,
        "sdgs": [17],
        "partners": ["BB", "JM", "TT"],
        "valid_months": 12,
        "contact": ("Desmond Alleyne", "desmond.alleyne@demo.encuentro.sela.org"),
        "days_ago": 33,
    },
]

# Pairs whose countries are talking: the focal point marks them "in talks",
# which opens a topic; the other side answers in it.
LISTING_TALKS = [
    {
        "demand": "ht-materno",
        "offer": "cu-materno",
        "author": "jeanrobert.pierrelouis",
        "days_ago": 27,
        "replies": [
            {
                "author": "ernesto.valdes",
                "body": """
                    Confirmamos el interés de Cuba. Proponemos empezar con un curso de cuatro
                    semanas en el país para un primer grupo de 25 parteras y enfermeras del
                    Noroeste, con materiales en francés. ¿Puede el ministerio de salud designar una
                    contraparte para preparar el programa?
                """,
                "replies": [
                    {
                        "author": "jeanrobert.pierrelouis",
                        "body": """
                            Merci, Ernesto. Le ministère de la Santé désigne la Direction de la
                            santé de la famille comme contrepartie ; je vous envoie ses coordonnées
                            cette semaine. Notre équipe préparera la version créole des supports.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "demand": "jm-psa",
        "offer": "cr-psa",
        "author": "marcia.campbell",
        "days_ago": 13,
        "replies": [
            {
                "author": "mauricio.solano",
                "body": """
                    Con mucho gusto, Marcia. Proponemos una videoconferencia con el fondo y el
                    ministerio de ambiente para presentar el esquema, y después una visita de su
                    equipo a una de nuestras oficinas regionales. El resumen en inglés sobre el
                    financiamiento ya está en camino por medio de la Secretaría.
                """,
            },
        ],
    },
]

# Listings whose publisher opened a discussion topic from the listing page.
LISTING_TOPICS = [
    {
        "listing": "gt-alerta",
        "author": "hector.cifuentes",
        "days_ago": 10,
        "replies": [
            {
                "author": "gabriela.soto",
                "body": """
                    Hola, Héctor. La oferta de México sobre alerta temprana ante huracanes e
                    inundaciones encaja con lo que describen. Podríamos empezar con una misión de
                    diagnóstico en dos cuencas piloto: ¿cuáles propondrían?
                """,
                "replies": [
                    {
                        "author": "hector.cifuentes",
                        "body": """
                            Gracias, Gabriela. Proponemos las cuencas del Motagua y del María Linda,
                            donde ya trabajan las coordinadoras municipales. Preparamos la nota
                            técnica para la misión y la compartimos aquí.
                        """,
                    },
                ],
            },
        ],
    },
]


@dataclass
class _Entry:
    """One post to write: its spec, when, and the post it answers."""

    at: datetime
    spec: dict
    topic_spec: dict
    parent: "_Entry | None" = None
    post_id: int | None = None
    topic_id: int | None = None


@dataclass
class _ListingEvent:
    """One thing done to a listing: publish, edit, validate, mark in talks or
    open its topic. `opening` is the first post of the topic the event opens,
    for the replies scheduled after it."""

    at: datetime
    action: str
    spec: dict
    author: str
    change: dict | None = None
    opening: _Entry | None = None


def seed_demo_content() -> None:
    """Create the demo accounts, discussions and cooperation listings;
    existing ones are left alone."""
    users, created = _ensure_accounts()
    categories = {category.slug: category for category in db.session.scalars(db.select(Category))}
    organizations = dict(db.session.execute(db.select(Organization.acronym, Organization.id)).all())
    now = utcnow()
    discussion = [
        entry
        for spec in TOPICS
        if not _topic_exists(categories[spec["category"]], spec["title"])
        for entry in _schedule(spec, now)
    ]
    listing_events, listing_posts = _schedule_listings(now, organizations)
    # One timeline, so post, listing and history ids follow time as in real use.
    timeline = sorted([*discussion, *listing_events, *listing_posts], key=lambda item: item.at)
    listings: dict[str, Listing] = {}
    for item in timeline:
        if isinstance(item, _Entry):
            _write(item, users, categories)
        else:
            _run(item, users, listings, organizations)
    _tag_topics(categories)
    _settle_dates(discussion, listing_posts, listing_events, users, created, categories.values(), now)
    db.session.commit()
    seed_demo_meetings(users, now)
    seed_demo_positions(users, now)
    seed_demo_curation(users, now)


def _ensure_accounts() -> tuple[dict[str, User], set[str]]:
    """Demo users by handle, and the handles created in this run."""
    organizations = dict(db.session.execute(db.select(Organization.acronym, Organization.id)).all())
    users, created = {}, set()
    for account in DEMO_ACCOUNTS:
        handle = account["email"].split("@")[0]
        user = db.session.scalar(db.select(User).filter_by(email=account["email"]))
        if user is None:
            user = accounts.register(
                name=account["name"],
                email=account["email"],
                password=account["password"],
                title=account["title"],
                country_code=account["country_code"],
                organization_id=organizations.get(account["organization"]),
                role=account["role"],
            )
            created.add(handle)
        users[handle] = user
    return users, created


def _topic_exists(category: Category, title: str) -> bool:
    return db.session.scalar(db.select(Topic.id).filter_by(category_id=category.id, title=title).limit(1)) is not None


def _schedule(spec: dict, now: datetime) -> list[_Entry]:
    """A topic's posts in writing order, each a few hours after the one before."""
    rng = random.Random(spec["title"])
    return _with_replies(_Entry(_working_day(now, spec["days_ago"], rng), spec, spec), rng, now)


def _with_replies(opening: _Entry, rng: random.Random, now: datetime) -> list[_Entry]:
    """The opening post and the replies of its topic spec, in writing order."""
    entries = [opening]

    def add(parent: _Entry, replies: list[dict]) -> None:
        for reply in replies:
            at = _working_hours(entries[-1].at + timedelta(hours=rng.uniform(2, 30)), rng)
            entries.append(_Entry(at, reply, opening.topic_spec, parent))
            add(entries[-1], reply.get("replies", []))

    add(opening, opening.topic_spec.get("replies", []))
    # A thread that would run into the future starts as many days earlier as needed.
    overflow = entries[-1].at - (now - timedelta(hours=1))
    if overflow > timedelta(0):
        for entry in entries:
            entry.at -= timedelta(days=overflow.days + 1)
    return entries


def _working_day(now: datetime, days_ago: int, rng: random.Random) -> datetime:
    """Some time in the region's working day, `days_ago` days before now."""
    day = now - timedelta(days=days_ago)
    return day.replace(hour=12 + rng.randrange(10), minute=rng.randrange(60), second=rng.randrange(60))


def _working_hours(moment: datetime, rng: random.Random) -> datetime:
    """Move a time forward into the region's working day, about 12:00–23:00 UTC."""
    if moment.hour == 23:
        moment += timedelta(days=1)
    if moment.hour < 12 or moment.hour == 23:
        moment = moment.replace(hour=12 + rng.randrange(10), minute=rng.randrange(60))
    return moment


def _write(entry: _Entry, users: dict[str, User], categories: dict[str, Category]) -> None:
    """Write one post through the services, then date it."""
    spec, author = entry.spec, users[entry.spec["author"]]
    body = inspect.cleandoc(spec["body"])
    if entry.parent is None:
        topic = discussions.create_topic(
            author, categories[spec["category"]], spec["title"], body, countries=spec.get("countries")
        )
        post = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id, parent_id=None))
        topic.created_at = entry.at
        if spec.get("pinned"):
            moderation.set_topic_flag(author, topic, "pin", "Normas de participación")
            _latest(ModerationAction, target_type="topic", target_id=topic.id).created_at = entry.at + timedelta(
                minutes=5
            )
    else:
        topic = db.session.get(Topic, entry.parent.topic_id)
        if "quote" in spec:
            body = quote_markdown(users[entry.parent.spec["author"]].name, spec["quote"]) + body
        post = discussions.reply(author, topic, body, parent_id=entry.parent.post_id)
    post.created_at = topic.last_post_at = entry.at
    entry.post_id, entry.topic_id = post.id, topic.id
    if "addendum" in spec:
        discussions.edit_post(author, post, f"{body}\n\n{inspect.cleandoc(spec['addendum'])}")
        edited_at = entry.at + timedelta(minutes=40)
        post.edited_at = _latest(PostRevision, post_id=post.id).created_at = edited_at


def _latest(model, **criteria):
    return db.session.scalar(db.select(model).filter_by(**criteria).order_by(model.id.desc()).limit(1))


def _tag_topics(categories: dict[str, Category]) -> None:
    """Tag demo topics seeded before they carried countries."""
    for spec in TOPICS:
        if not spec.get("countries"):
            continue
        topic = db.session.scalar(
            db.select(Topic).filter_by(category_id=categories[spec["category"]].id, title=spec["title"])
        )
        if topic is not None and not topic.countries:
            topic.countries = list(db.session.scalars(db.select(Country).where(Country.code.in_(spec["countries"]))))


# Cooperation listings ---------------------------------------------------------


_FOCAL_POINTS = {
    account["country_code"]: account["email"].split("@")[0]
    for account in DEMO_ACCOUNTS
    if account["role"] == "focal_point"
}
_MODERATOR = next(account["email"].split("@")[0] for account in DEMO_ACCOUNTS if account["role"] == "moderator")


def _publisher(spec: dict) -> str:
    """A country's focal point publishes its listings; the moderator an organisation's."""
    return _FOCAL_POINTS.get(spec["owner"], _MODERATOR)


def _listing_exists(spec: dict, organizations: dict[str, int]) -> bool:
    if spec["owner"] in organizations:
        owner = Listing.organization_id == organizations[spec["owner"]]
    else:
        owner = Listing.country_code == spec["owner"]
    return db.session.scalar(db.select(Listing.id).where(owner, Listing.title == spec["title"]).limit(1)) is not None


def _schedule_listings(now: datetime, organizations: dict[str, int]) -> tuple[list[_ListingEvent], list[_Entry]]:
    """Events of the listings not yet published, and the replies in the topics they open.

    Talks and topics are only scheduled when their listings are published in
    this run: a listing that already exists has had its own story.
    """
    fresh = [spec for spec in LISTINGS if not _listing_exists(spec, organizations)]
    events: list[_ListingEvent] = []
    for spec in fresh:
        rng = random.Random(spec["key"])
        author = _publisher(spec)
        events.append(_ListingEvent(_working_day(now, spec["days_ago"], rng), "create", spec, author))
        for days_ago, change, *by in spec.get("history", []):
            events.append(
                _ListingEvent(
                    _working_day(now, days_ago, rng),
                    "validate" if change is None else "update",
                    spec,
                    by[0] if by else author,
                    change,
                )
            )
    keys = {spec["key"] for spec in fresh}
    posts: list[_Entry] = []
    threads = (("talks", LISTING_TALKS, ("demand", "offer")), ("topic", LISTING_TOPICS, ("listing",)))
    for action, specs, needs in threads:
        for spec in specs:
            if not all(spec[name] in keys for name in needs):
                continue
            rng = random.Random(f"{action}:{spec['author']}:{spec['days_ago']}")
            opening = _Entry(_working_day(now, spec["days_ago"], rng), {"author": spec["author"]}, spec)
            thread = _with_replies(opening, rng, now)
            events.append(_ListingEvent(opening.at, action, spec, spec["author"], opening=opening))
            posts += thread[1:]
    return events, posts


def _months_ahead(months: int) -> date:
    """The last day of the month `months` from now: a validity date."""
    index = date.today().month + months  # the month after, counted from January = 0
    return date(date.today().year + index // 12, index % 12 + 1, 1) - timedelta(days=1)


def _listing_data(spec: dict, organizations: dict[str, int]) -> dict:
    contact_name, contact_email = spec["contact"]
    data = {
        "kind": spec["kind"],
        "title": spec["title"],
        "description_source": inspect.cleandoc(spec["body"]),
        "sector": spec["sector"],
        "modality": spec["modality"],
        "sdgs": spec["sdgs"],
        "partners": spec["partners"],
        "valid_until": _months_ahead(spec["valid_months"]),
        "contact_name": contact_name,
        "contact_email": contact_email,
    }
    if spec["owner"] in organizations:
        data["organization_id"] = organizations[spec["owner"]]
    else:
        data["country_code"] = spec["owner"]
    return data


def _edit_data(listing: Listing, change: dict) -> dict:
    data = {field: value for field, value in change.items() if field not in ("valid_months", "addendum")}
    if "valid_months" in change:
        data["valid_until"] = _months_ahead(change["valid_months"])
    if "addendum" in change:
        data["description_source"] = f"{listing.description_source}\n\n{inspect.cleandoc(change['addendum'])}"
    return data


def _listing_path(listing: Listing) -> str:
    return f"/listings/{listing.id}"


def _run(
    event: _ListingEvent, users: dict[str, User], listings: dict[str, Listing], organizations: dict[str, int]
) -> None:
    """Do one listing event through the services, then date what it wrote."""
    author, at = users[event.author], event.at
    last_change = db.session.scalar(db.select(db.func.max(ListingChange.id))) or 0
    topic = None
    if event.action == "create":
        listing = cooperation.create_listing(author, _listing_data(event.spec, organizations))
        listings[event.spec["key"]] = listing
        listing.created_at = listing.updated_at = listing.validated_at = at
    elif event.action == "update":
        listing = listings[event.spec["key"]]
        cooperation.update_listing(author, listing, _edit_data(listing, event.change))
        listing.updated_at = listing.validated_at = at
    elif event.action == "validate":
        listing = listings[event.spec["key"]]
        cooperation.validate_listing(author, listing)
        listing.validated_at = at
    elif event.action == "talks":
        demand, offer = listings[event.spec["demand"]], listings[event.spec["offer"]]
        match = cooperation.mark_in_talks(author, demand, offer, _listing_path)
        match.created_at = demand.updated_at = offer.updated_at = at
        topic = match.topic
    else:
        listing = listings[event.spec["listing"]]
        topic = cooperation.open_listing_topic(author, listing, _listing_path(listing))
    changes = db.session.scalars(db.select(ListingChange).where(ListingChange.id > last_change)).all()
    if not changes and event.action != "topic":
        # An edit that changes nothing leaves no history to date: the demo data is wrong.
        raise ValueError(f"{event.action} of {event.spec.get('key')} recorded no change")
    for change in changes:
        change.created_at = at
    if topic is not None:
        post = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id, parent_id=None))
        topic.created_at = topic.last_post_at = post.created_at = at
        event.opening.post_id, event.opening.topic_id = post.id, topic.id


def _settle_dates(
    discussion: list[_Entry],
    listing_posts: list[_Entry],
    listing_events: list[_ListingEvent],
    users: dict[str, User],
    created: set[str],
    categories,
    now: datetime,
) -> None:
    """Categories show their newest post. New accounts predate the launch
    (staff and the focal points who took part from the start), their own
    first post (members) or their first listing (focal points designated
    later, to publish their country's cooperation)."""
    for category in categories:
        category.last_post_at = db.session.scalar(
            db.select(db.func.max(Topic.last_post_at)).where(Topic.category_id == category.id)
        )
    launch = discussion[0].at if discussion else now
    founders = {entry.spec["author"] for entry in discussion}
    first_activity: dict[str, datetime] = {}
    openings = [event.opening for event in listing_events if event.opening is not None]
    for item in sorted([*discussion, *listing_posts, *openings, *listing_events], key=lambda item: item.at):
        first_activity.setdefault(item.author if isinstance(item, _ListingEvent) else item.spec["author"], item.at)
    for number, handle in enumerate(sorted(created)):
        user = users[handle]
        if user.role == "member" or (user.role == "focal_point" and handle not in founders):
            joined = first_activity.get(handle, now)
        else:
            joined = launch
        user.created_at = joined - timedelta(days=1 + number % 4, hours=number)
