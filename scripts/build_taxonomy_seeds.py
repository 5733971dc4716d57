"""Build the TBM Taxonomy v5.0.1 seeds in seeds/taxonomy/ from the published element names.

The element names (and their order) come from four CSV files: cost_pools.csv, towers.csv,
solutions.csv and consumers.csv (by default the copies in tests/fixtures/tbm_v5_0_1/). The
Chinese names and one-sentence descriptions are the project's own and live in this file, keyed
by element name, so that every text sits next to the element it describes. Ids follow one rule,
`slug()`, applied here and nowhere else.

    python scripts/build_taxonomy_seeds.py            # rewrite seeds/taxonomy/*.csv
    python scripts/build_taxonomy_seeds.py --check    # exit 1 if the seeds are out of date
    python scripts/build_taxonomy_seeds.py --source /path/to/names --out /tmp/seeds
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT / "tests" / "fixtures" / "tbm_v5_0_1"
DEFAULT_OUT = REPO_ROOT / "seeds" / "taxonomy"

SOURCE_HEADERS = {
    "cost_pools.csv": ["cost_pool_name", "sub_pool_name", "spend_type"],
    "towers.csv": ["domain_name", "tower_name", "sub_tower_name"],
    "solutions.csv": ["solution_type_name", "solution_category_name", "solution_name"],
    "consumers.csv": ["consumer_type_name"],
}

Row = dict[str, str]
Text = tuple[str, str]  # (Simplified Chinese name, one-sentence description)
Key = str | tuple[str, str]  # element name, or (parent name, element name)


class TaxonomyInputError(Exception):
    """The name files or the texts below do not fit together."""


def slug(name: str) -> str:
    """Lowercase, '&' -> 'and', every run of non-alphanumerics -> '_', trimmed of '_'."""
    text = name.lower().replace("&", "and")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


# --------------------------------------------------------------------------------------------
# Texts. Keys: the element name for top levels, (parent name, name) below them.
# --------------------------------------------------------------------------------------------

COST_POOL_TEXT: dict[str, Text] = {
    "Staffing": ("人员", "Labour cost of the people who run and change technology, employees and contractors working under the organisation's direction alike, including their capitalised time and people-related expenses."),
    "Outside Services": ("外部服务", "Fees paid to third parties for consulting and managed services, where the supplier answers for an outcome or a service level rather than for supplying individual workers."),
    "Cloud Services": ("云服务", "Consumption charges from public cloud providers for infrastructure and platform services, kept in a pool of their own so that cloud spend can be managed with FinOps practices."),
    "Hardware": ("硬件", "Cost of physical technology equipment such as servers, storage arrays, network gear and end-user devices, whether bought, leased, depreciated, maintained or provided as a service."),
    "Software & SaaS": ("软件与SaaS", "Cost of software the organisation licenses, subscribes to as a service, maintains or capitalises, including the amortisation of capitalised software."),
    "Data Center Facilities": ("数据中心设施", "Cost of the buildings, space, power, cooling and physical plant that house technology equipment, whether owned, leased or colocated."),
    "Telecom": ("电信", "Cost of voice and data connectivity, including carrier circuits, telephony and mobile services, and of the telecom equipment behind them."),
    "Misc Costs": ("其他成本", "Technology costs that fit no other cost pool, such as supplies, memberships and other residual spend, which good mapping keeps small."),
    "Cross Charges": ("内部交叉计费", "Charges that other internal departments bill to technology for services they provide to it, such as shared facilities or corporate services."),
}

SUB_POOL_TEXT: dict[tuple[str, str], Text] = {
    ("Staffing", "Internal Labor"): ("内部人工", "Expensed salaries, bonuses, benefits and payroll taxes of employees who work in or for technology."),
    ("Staffing", "Staff Augmentation"): ("人员增补", "Expensed cost of contractors and temporary workers who fill roles under the organisation's day-to-day direction, usually billed on time and materials."),
    ("Staffing", "Other Operating"): ("其他运营费用", "People-related operating costs other than pay, such as travel, training, recruitment and employee expenses of technology staff."),
    ("Staffing", "Internal Labor Capital"): ("内部人工资本化", "Employee labour capitalised onto assets, such as time spent building software or deploying infrastructure that will later be depreciated or amortised."),
    ("Staffing", "Staff Augmentation Capital"): ("人员增补资本化", "Contractor labour capitalised onto assets, such as augmenting staff who work on a capitalisable software build."),
    ("Outside Services", "Consulting"): ("咨询", "Fees for advisory and project work bought from firms against a statement of work, such as strategy, design, implementation or assessment."),
    ("Outside Services", "Managed Services"): ("托管服务", "Fees for services that a provider runs against agreed service levels, such as outsourced application management, service desk or security operations."),
    ("Outside Services", "Other Operating"): ("其他运营费用", "Other third-party service fees that are neither consulting nor managed services, such as research and advisory subscriptions or benchmarking."),
    ("Outside Services", "Capital"): ("资本性支出", "Outside-services spend that is capitalised, such as implementation partner fees for building a capitalisable system."),
    ("Cloud Services", "Cloud Service Provider"): ("云服务提供商", "Usage-based charges billed by public cloud providers for infrastructure and platform services such as compute, storage, databases and networking."),
    ("Cloud Services", "Other Operating"): ("其他运营费用", "Other cloud operating costs billed beside usage, such as marketplace purchases, provider support plans and cloud management tooling."),
    ("Cloud Services", "Capital"): ("资本性支出", "Cloud-related spend that meets the organisation's capitalisation criteria, such as the capitalised build-out of cloud landing zones."),
    ("Hardware", "Lease"): ("租赁", "Lease and rental payments for hardware that the organisation uses but does not own."),
    ("Hardware", "Maintenance & Support"): ("维护与支持", "Vendor maintenance contracts, extended warranties and break-fix support for hardware."),
    ("Hardware", "Depreciation & Amortization"): ("折旧与摊销", "Periodic depreciation of capitalised hardware, spreading its purchase cost over its useful life."),
    ("Hardware", "Managed Services"): ("托管服务", "Hardware that a third party provides and runs as a service, such as device-as-a-service or hosted equipment paid per unit."),
    ("Hardware", "Other Operating"): ("其他运营费用", "Hardware bought below the capitalisation threshold and other hardware operating costs, such as peripherals, spare parts and disposal."),
    ("Hardware", "Capital"): ("资本性支出", "Hardware purchases capitalised as fixed assets when they are acquired."),
    ("Software & SaaS", "Licensing"): ("许可", "Expensed licence fees for software that the organisation installs and runs itself, such as term licences for on-premises or self-hosted software."),
    ("Software & SaaS", "Maintenance & Support"): ("维护与支持", "Annual maintenance and vendor support fees that give the right to updates and help for licensed software."),
    ("Software & SaaS", "Depreciation & Amortization"): ("折旧与摊销", "Amortisation of capitalised software licences and internally developed software over their useful life."),
    ("Software & SaaS", "SaaS"): ("SaaS订阅", "Subscriptions to applications that the vendor hosts and runs, paid per user, per transaction or per period."),
    ("Software & SaaS", "Other Operating"): ("其他运营费用", "Other software operating costs, such as low-value tools and add-ons that are not licences, maintenance or SaaS subscriptions."),
    ("Software & SaaS", "Capital"): ("资本性支出", "Software licence purchases and development costs capitalised as intangible assets."),
    ("Data Center Facilities", "Lease"): ("租赁", "Rent and lease payments for data center buildings, halls and floor space."),
    ("Data Center Facilities", "Maintenance & Support"): ("维护与支持", "Maintenance contracts for facility plant such as power distribution, UPS, generators, cooling and fire suppression."),
    ("Data Center Facilities", "Depreciation & Amortization"): ("折旧与摊销", "Depreciation of owned data center buildings, leasehold improvements and facility equipment."),
    ("Data Center Facilities", "Managed Services"): ("托管服务", "Colocation and third-party operated data center services, paid for space, power and on-site hands."),
    ("Data Center Facilities", "Other Operating"): ("其他运营费用", "Other facility running costs such as electricity, water, guarding and cleaning of data center space."),
    ("Data Center Facilities", "Capital"): ("资本性支出", "Capitalised spending on building or upgrading data center facilities and their power and cooling plant."),
    ("Telecom", "Lease"): ("租赁", "Lease payments for telecom circuits and lines and for network or telephony equipment that the organisation does not own."),
    ("Telecom", "Maintenance & Support"): ("维护与支持", "Maintenance and support contracts for owned network and telephony equipment."),
    ("Telecom", "Depreciation & Amortization"): ("折旧与摊销", "Depreciation of owned telecom assets such as switches, routers, telephony systems and cabling."),
    ("Telecom", "Managed Services"): ("托管服务", "Network and voice services that a carrier or provider operates, such as managed WAN, SD-WAN or hosted telephony."),
    ("Telecom", "Other Operating"): ("其他运营费用", "Carrier usage and service charges and other telecom running costs, such as mobile plans, internet access and call charges."),
    ("Telecom", "Capital"): ("资本性支出", "Telecom equipment and installation costs capitalised as fixed assets."),
    ("Misc Costs", "Managed Services"): ("托管服务", "Provider-run services that cannot be placed in a more specific cost pool."),
    ("Misc Costs", "Other Operating"): ("其他运营费用", "Residual technology operating expenses, such as office supplies, memberships and fees, that fit no other cost pool."),
    ("Misc Costs", "Capital"): ("资本性支出", "Capitalised technology spend that cannot be placed in a more specific cost pool."),
    ("Cross Charges", "By Internal Department"): ("按内部部门", "Amounts that other internal departments charge to technology, recorded by the department that issued the charge."),
}

DOMAIN_TEXT: dict[str, Text] = {
    "Infrastructure": ("基础设施", "Technology resources that supply the data center, compute, storage and network capacity on which everything else runs."),
    "Application": ("应用", "Technology resources that build, run and license applications and look after the data they hold."),
    "Operations": ("运营", "Technology resources that deliver, manage, secure and govern technology services across the organisation."),
    "Field & Office": ("现场与办公", "Technology resources used directly by the workforce in offices and in the field, from end-user devices and support to smart and industrial devices."),
}

TOWER_TEXT: dict[str, Text] = {
    "Data Center": ("数据中心", "Facilities that house technology equipment, with their space, power, cooling and physical plant."),
    "Storage": ("存储", "Systems and services that hold data, online and offline, for distributed, mainframe and AI workloads."),
    "Compute": ("计算", "Processing capacity, from physical and virtual servers and mainframes to serverless, high-performance, AI and quantum compute."),
    "Network": ("网络", "Local, wide-area, voice and AI networks and the tools and teams that manage them."),
    "Application": ("应用", "Building, supporting and licensing applications and running the platforms they need, such as middleware, container orchestration and AI models."),
    "Data": ("数据", "Databases and the operation and management of data as an organisational asset."),
    "Delivery": ("交付", "Functions that deliver and manage technology services: service management, client management, operations centers, portfolio and project management, and central print."),
    "Tech Management": ("技术管理", "Leadership and management of the technology organisation itself: strategy, finance, architecture, vendors and technology workforce."),
    "Security": ("安全", "Protection of systems and data against threats, and control of who may access them."),
    "Risk & Compliance": ("风险与合规", "Management of technology risk, regulatory obligations and audits, and recovery from disasters."),
    "Smart Devices": ("智能设备", "Connected devices and operational technology outside the traditional IT estate, such as IoT sensors and industrial control systems."),
    "End User": ("终端用户", "Devices, workspace tools and support services that employees use directly."),
}

SUB_TOWER_TEXT: dict[tuple[str, str], Text] = {
    ("Data Center", "Enterprise Data Center"): ("企业数据中心", "Dedicated data center buildings, owned or colocated, where the organisation's central technology equipment runs."),
    ("Data Center", "Other Facilities"): ("其他设施", "Smaller sites that house technology outside the main data centers, such as server rooms, network closets and edge locations."),
    ("Storage", "Online Storage"): ("在线存储", "Disk and flash storage that serves live data to distributed systems with immediate access."),
    ("Storage", "Offline Storage"): ("离线存储", "Storage for data not needed at once, such as backup, archive and tape, for distributed systems."),
    ("Storage", "Mainframe Online Storage"): ("大型机在线存储", "Disk storage attached to mainframes that holds their live data."),
    ("Storage", "Mainframe Offline Storage"): ("大型机离线存储", "Tape and virtual tape storage used for mainframe backup and archive."),
    ("Storage", "AI Storage"): ("AI存储", "High-throughput storage sized for the data sets used to train and serve AI models."),
    ("Compute", "Servers"): ("服务器", "Physical and virtual servers that run distributed workloads, on premises or as cloud instances."),
    ("Compute", "Converged Infrastructure"): ("融合基础设施", "Pre-integrated systems that combine compute, storage and networking in one managed stack, including hyperconverged platforms."),
    ("Compute", "High Performance Compute"): ("高性能计算", "Clusters and grids built for compute-intensive work such as simulation, modelling and large-scale analytics."),
    ("Compute", "Mainframe"): ("大型机", "Mainframe processing capacity with its operating systems and system software."),
    ("Compute", "AI Compute"): ("AI计算", "GPU and other accelerator capacity used to train and serve AI models."),
    ("Compute", "Quantum"): ("量子计算", "Quantum computing capacity, usually reached as a cloud service for research and experimentation."),
    ("Compute", "Serverless"): ("无服务器计算", "Function and event-driven compute billed per execution, with no servers for the organisation to manage."),
    ("Compute", "Auto-Scalers"): ("自动伸缩", "Compute capacity that grows and shrinks automatically with demand, such as scaling groups and the policies that drive them."),
    ("Network", "LAN"): ("局域网", "Wired and wireless networks within a building or campus."),
    ("Network", "WAN"): ("广域网", "Links between sites, data centers and clouds, including carrier circuits, SD-WAN and internet access."),
    ("Network", "Voice & Collaboration"): ("语音与协作", "Telephony, contact-center voice and unified communications networks."),
    ("Network", "AI Network"): ("AI网络", "High-bandwidth, low-latency fabric that connects AI compute clusters and their storage."),
    ("Network", "Network Management"): ("网络管理", "Tools and teams that monitor, configure and secure the network, including DNS, DHCP and IP address management."),
    ("Application", "Development"): ("开发", "Building new applications and changing existing ones, from requirements and design through coding, testing and release."),
    ("Application", "Support & Operations"): ("支持与运维", "Keeping applications running through fixes, minor enhancements, monitoring and operational support."),
    ("Application", "Licensing"): ("许可", "Licences and subscriptions for business and end-user application software, including SaaS."),
    ("Application", "Middleware"): ("中间件", "Software that connects applications and gives them common runtime services, such as integration, messaging, web and application servers."),
    ("Application", "Mainframe Middleware"): ("大型机中间件", "Transaction processing, messaging and integration software that runs on mainframes."),
    ("Application", "Container Orchestration"): ("容器编排", "Platforms that deploy, scale and manage containerised applications, such as Kubernetes."),
    ("Application", "Blockchain & Tokenization"): ("区块链与代币化", "Distributed ledger platforms and services for recording, tokenising and transferring digital assets."),
    ("Application", "AI Models"): ("AI模型", "Building, tuning, hosting and licensing AI and machine learning models, including foundation model services."),
    ("Data", "Data Operations"): ("数据运营", "Pipelines, integration, analytics and reporting operations that move and prepare data for use."),
    ("Data", "Data Management"): ("数据管理", "Governance, quality, master data, metadata and cataloguing of the organisation's data."),
    ("Data", "Mainframe Database"): ("大型机数据库", "Database management systems that run on mainframes, with their administration."),
    ("Data", "Database"): ("数据库", "Relational and non-relational database platforms on distributed or cloud infrastructure, with their administration."),
    ("Delivery", "Service Management"): ("服务管理", "Processes and tools for managing technology services, such as incident, problem, change and request management."),
    ("Delivery", "Client Management"): ("客户管理", "Business relationship managers and account teams who represent technology to its consumers and shape their demand."),
    ("Delivery", "Operations Center"): ("运营中心", "Round-the-clock monitoring and command functions, such as network and IT operations centers."),
    ("Delivery", "Tech Portfolio & Project Management"): ("技术组合与项目管理", "Governance of the technology investment portfolio and management of its programs and projects, including PMOs."),
    ("Delivery", "Central Print"): ("集中打印", "High-volume centralised printing, mailing and document output production."),
    ("Tech Management", "Tech Management & Strategy"): ("技术管理与战略", "Technology leadership, strategic planning and governance of the technology organisation."),
    ("Tech Management", "Tech Finance"): ("技术财务", "Budgeting, forecasting, cost transparency and financial management of technology spend."),
    ("Tech Management", "Enterprise Architecture"): ("企业架构", "Setting and maintaining architecture principles, standards and target states across business, data, applications and technology."),
    ("Tech Management", "Tech Vendor Management"): ("技术供应商管理", "Sourcing, contracting and performance management of technology suppliers."),
    ("Tech Management", "Tech Human Capital Management"): ("技术人力资本管理", "Workforce planning, skills, hiring and development for the technology organisation."),
    ("Security", "Digital Security"): ("数字安全", "Security operations, tools and engineering that protect networks, systems, applications and data."),
    ("Security", "Identity & Access Governance"): ("身份与访问治理", "Management of digital identities, authentication and access rights, and periodic review of who can reach what."),
    ("Risk & Compliance", "Regulatory & Audit"): ("监管与审计", "Work to meet regulatory obligations and to support internal and external technology audits."),
    ("Risk & Compliance", "Risk Management"): ("风险管理", "Identification, assessment and treatment of technology risk."),
    ("Risk & Compliance", "Disaster Recovery"): ("灾难恢复", "Standby capacity, plans and tests that restore technology services after a major outage."),
    ("Smart Devices", "Intelligent Devices"): ("智能物联设备", "Connected sensors, cameras, wearables and other IoT devices, with their connectivity and management platforms."),
    ("Smart Devices", "Industrial & Control Systems"): ("工业与控制系统", "Operational technology that monitors and controls physical processes, such as SCADA, PLCs and building management systems."),
    ("End User", "Workspace"): ("工作空间", "Desktops, laptops and virtual desktops provided to staff, with their standard software and device management."),
    ("End User", "Mobile Devices"): ("移动设备", "Smartphones and tablets provided to staff, with their device management and service plans."),
    ("End User", "Network Printers"): ("网络打印机", "Office printers, copiers and multifunction devices shared over the network."),
    ("End User", "Conferencing & AV"): ("会议与音视频", "Equipment that lets people meet across locations, such as room cameras, displays, microphones and telepresence systems."),
    ("End User", "Help Desk"): ("帮助台", "The first-line desk that takes users' calls, chats and tickets and resolves or routes them."),
    ("End User", "Deskside Support"): ("桌面支持", "On-site technicians who repair devices and carry out installations, moves, adds and changes (MACs) at users' desks."),
}

SOLUTION_TYPE_TEXT: dict[str, Text] = {
    "Delivery": ("交付", "Solutions that plan, build, run, support and secure technology for the rest of the organisation."),
    "Infrastructure": ("基础设施", "Solutions that provide shared compute, storage, network, data and data center capacity to other solutions."),
    "Workplace": ("工作场所", "Solutions that equip the workforce with devices, communication and collaboration tools, and connectivity."),
    "Business": ("业务", "Solutions that support the organisation's core activities, from product development and sales to delivery and customer service."),
    "Shared & Corporate": ("共享与企业职能", "Solutions that support corporate functions shared across the organisation, such as finance, workforce, procurement, legal and facilities."),
    "Artificial Intelligence": ("人工智能", "Solutions that use AI to act, generate, interpret, predict or recommend on behalf of the business."),
}

SOLUTION_CATEGORY_TEXT: dict[tuple[str, str], Text] = {
    ("Delivery", "Strategy & Planning"): ("战略与规划", "Solutions that set technology direction, architecture, investment priorities and vendor strategy."),
    ("Delivery", "Development"): ("开发", "Solutions that design, build, integrate, modernise and test applications."),
    ("Delivery", "Operations"): ("运营", "Solutions that deploy, administer, monitor and schedule technology in production."),
    ("Delivery", "Support"): ("支持", "Solutions that help users and applications, from the service desk and training to application support and central print."),
    ("Delivery", "Security & Compliance"): ("安全与合规", "Solutions that protect identities, systems and data and keep technology compliant and recoverable."),
    ("Delivery", "Enabling Platforms"): ("使能平台", "Shared platforms that applications are built on, such as hosting, integration, content, search and streaming."),
    ("Infrastructure", "Compute"): ("计算", "Solutions that provide processing capacity, whether physical, virtual, mainframe or on demand."),
    ("Infrastructure", "Data Center"): ("数据中心", "Solutions that provide data center space, power and cooling to host equipment."),
    ("Infrastructure", "Data"): ("数据", "Solutions that store, serve, manage and analyse data for applications and users."),
    ("Infrastructure", "Network"): ("网络", "Solutions that connect users, sites and systems with one another and with the internet."),
    ("Infrastructure", "Storage"): ("存储", "Solutions that store, protect and distribute files, objects, backups and content."),
    ("Workplace", "Client Computing"): ("客户端计算", "Solutions that put computing devices in employees' hands, whether company-owned, personal or virtual."),
    ("Workplace", "Communication & Collaboration"): ("沟通与协作", "Solutions that employees use to communicate, work together, print and get everyday work done."),
    ("Workplace", "Connectivity"): ("连接", "Solutions that connect employees to the corporate network, in the office and remotely."),
    ("Business", "Product Management"): ("产品管理", "Business solutions that plan and develop the organisation's products."),
    ("Business", "Sales & Marketing"): ("销售与营销", "Business solutions that find, win and understand customers."),
    ("Business", "Manufacturing & Delivery"): ("制造与交付", "Business solutions that plan, make, stock and deliver products and services."),
    ("Business", "Customer Service"): ("客户服务", "Business solutions that take orders and look after customers after the sale."),
    ("Shared & Corporate", "Finance"): ("财务", "Corporate solutions for accounting, reporting, payroll, treasury and tax."),
    ("Shared & Corporate", "Workforce"): ("人力资源", "Corporate solutions that recruit, manage, reward, develop and engage employees."),
    ("Shared & Corporate", "Vendor & Procurement"): ("供应商与采购", "Corporate solutions that source goods and services and manage suppliers and their contracts."),
    ("Shared & Corporate", "Health, Safety, Security, and Environmental"): ("健康、安全、安保与环境", "Corporate solutions that manage workplace health, safety, security and environmental obligations."),
    ("Shared & Corporate", "Risk, Audit & Compliance"): ("风险、审计与合规", "Corporate solutions that manage enterprise risk, audits, investigations, breaches and records."),
    ("Shared & Corporate", "Legal"): ("法务", "Corporate solutions that support legal advice, case handling and contract review."),
    ("Shared & Corporate", "Property & Facility"): ("物业与设施", "Corporate solutions that plan, run, secure and maintain buildings, workplaces and vehicles."),
    ("Shared & Corporate", "Corporate Communications"): ("企业传播", "Corporate solutions for communicating with stakeholders, governments, the media and communities."),
    ("Shared & Corporate", "Sustainability & ESG"): ("可持续发展与ESG", "Corporate solutions that measure, integrate and report environmental, social and governance performance."),
    ("Artificial Intelligence", "Agentic"): ("智能体AI", "AI solutions that pursue goals and take actions on their own across several steps and systems."),
    ("Artificial Intelligence", "Generative"): ("生成式AI", "AI solutions that create new content such as text, images, audio or data."),
    ("Artificial Intelligence", "Interpretive"): ("理解式AI", "AI solutions that read, see and hear unstructured input and extract meaning from it."),
    ("Artificial Intelligence", "Predictive"): ("预测式AI", "AI solutions that forecast outcomes or likelihoods from historical data."),
    ("Artificial Intelligence", "Prescriptive"): ("规范式AI", "AI solutions that recommend or choose the best action among the options available."),
}

SOLUTION_TEXT: dict[tuple[str, str], Text] = {
    ("Strategy & Planning", "Enterprise Architecture"): ("企业架构", "Target architectures, standards and roadmaps that keep technology choices aligned with business strategy."),
    ("Strategy & Planning", "Business Solution Consulting"): ("业务解决方案咨询", "Advice that helps business units shape requirements and choose the right technology solution."),
    ("Strategy & Planning", "Technology Business Management"): ("技术业务管理", "Managing the cost, value and performance of technology, including cost transparency, showback, chargeback and planning."),
    ("Strategy & Planning", "Innovation & Ideation"): ("创新与构想", "Scouting emerging technologies, running proofs of concept and managing the pipeline of ideas."),
    ("Strategy & Planning", "Technology Vendor Management"): ("技术供应商管理", "Selecting and contracting technology suppliers and tracking their performance and risk."),
    ("Strategy & Planning", "Program, Product & Project Management"): ("项目集、产品与项目管理", "Planning and steering technology programs, products and projects, including agile delivery and the PMO."),
    ("Development", "Design & Development"): ("设计与开发", "Designing and building new applications and features through custom code or configuration."),
    ("Development", "System Integration"): ("系统集成", "Connecting applications and their data so that separate systems work together."),
    ("Development", "Modernization & Migration"): ("现代化与迁移", "Re-platforming, refactoring or moving applications and workloads, for example to the cloud."),
    ("Development", "Testing"): ("测试", "Functional, performance and automated testing that verifies solutions before release."),
    ("Operations", "Deployment & Administration"): ("部署与管理", "Releasing, configuring and administering applications and platforms in production."),
    ("Operations", "Tech Service Management"): ("技术服务管理", "Incident, problem, change and request processes and the service management tooling behind them."),
    ("Operations", "Capacity Management"): ("容量管理", "Forecasting demand and sizing technology resources so that services meet it without waste."),
    ("Operations", "Event Management"): ("事件管理", "Monitoring systems for events and alerts, filtering them and triggering the right response."),
    ("Operations", "Scheduling"): ("作业调度", "Scheduling and automating batch jobs and other recurring workloads."),
    ("Support", "Application Support"): ("应用支持", "Second- and third-line support that diagnoses and fixes problems in specific applications."),
    ("Support", "Central Print"): ("集中打印", "Centralised high-volume printing, mailing and document output offered as a service."),
    ("Support", "Tech Training"): ("技术培训", "Training users and technologists on the technology products and tools they use."),
    ("Support", "Service Desk"): ("服务台", "The single point of contact where users report issues and request technology services."),
    ("Security & Compliance", "Identity & Access Management"): ("身份与访问管理", "Creating and managing user identities, authentication, single sign-on and access rights."),
    ("Security & Compliance", "Security Awareness"): ("安全意识", "Training and campaigns, such as phishing simulations, that teach staff to behave securely."),
    ("Security & Compliance", "Cyber Security & Incident Response"): ("网络安全与事件响应", "Detecting, investigating and responding to cyber attacks and security incidents."),
    ("Security & Compliance", "Threat & Vulnerability Management"): ("威胁与漏洞管理", "Finding, prioritising and remediating vulnerabilities and tracking the threats that could exploit them."),
    ("Security & Compliance", "Data Privacy & Security"): ("数据隐私与安全", "Protecting sensitive and personal data through classification, encryption, loss prevention and privacy controls."),
    ("Security & Compliance", "Governance, Risk & Compliance"): ("治理、风险与合规", "Technology policies, risk assessments and compliance controls, with the evidence that they work."),
    ("Security & Compliance", "Business Continuity & Disaster Recovery"): ("业务连续性与灾难恢复", "Plans, standby capacity and tests that keep critical technology services available through a disruption."),
    ("Enabling Platforms", "Application Hosting"): ("应用托管", "Web and application server environments in which applications run."),
    ("Enabling Platforms", "Development Platform"): ("开发平台", "Tools and environments that developers build with, such as source control, CI/CD pipelines and artifact repositories."),
    ("Enabling Platforms", "Foundation Platform"): ("基础平台", "Shared software foundations that many applications build on, such as operating system platforms, runtimes and directory services."),
    ("Enabling Platforms", "Message Bus & Integration"): ("消息总线与集成", "Messaging, service bus, API gateway and integration services that pass data between applications."),
    ("Enabling Platforms", "Content Management"): ("内容管理", "Platforms that store, manage and publish documents and web content."),
    ("Enabling Platforms", "Search"): ("搜索", "Enterprise search services that index content across systems and return it to users and applications."),
    ("Enabling Platforms", "Streaming"): ("流数据", "Event and data streaming platforms that move records between systems in real time."),
    ("Compute", "Compute on Demand"): ("按需计算", "Elastic compute bought by usage, such as cloud instances, that can be started and stopped at will."),
    ("Compute", "Mainframe"): ("大型机", "Mainframe processing offered to applications as a hosted service."),
    ("Compute", "Physical Compute"): ("物理计算", "Dedicated physical servers that run workloads directly on the hardware."),
    ("Compute", "Virtual Compute & Containers"): ("虚拟计算与容器", "Virtual machines and container hosts that share physical servers among many workloads."),
    ("Data Center", "Enterprise Data Center"): ("企业数据中心", "Space, power, cooling and physical security in the organisation's main data centers, offered to hosted systems."),
    ("Data Center", "Other Data Center"): ("其他数据中心", "Hosting in smaller or secondary sites such as server rooms, colocation cages and edge facilities."),
    ("Data", "Database"): ("数据库", "Relational and non-relational database services that applications store their data in."),
    ("Data", "Distributed Cache"): ("分布式缓存", "In-memory caches spread across nodes that speed up data access for applications."),
    ("Data", "Data Management"): ("数据管理", "Master data, data quality, metadata and data governance services."),
    ("Data", "Data Warehouse"): ("数据仓库", "Central stores of integrated historical data, and data lakes, built for reporting and analysis."),
    ("Data", "Data Analytics & Visualizations"): ("数据分析与可视化", "Business intelligence, reporting and visual analytics tools that turn data into insight."),
    ("Network", "Domain Solutions"): ("域名服务", "Domain name registration and DNS services that make systems reachable by name."),
    ("Network", "Internet Connectivity"): ("互联网连接", "Access from the organisation's sites and data centers to the public internet."),
    ("Network", "Load Balancing"): ("负载均衡", "Distributing traffic across servers and sites for performance and resilience."),
    ("Network", "Virtual Private Network"): ("虚拟专用网络", "Encrypted private links between sites carried over shared or public networks."),
    ("Network", "Data Network"): ("数据网络", "The wired and wireless network that carries data between users, sites and data centers."),
    ("Network", "Voice Network"): ("语音网络", "Telephony and voice-over-IP service for calls within and outside the organisation."),
    ("Storage", "File & Object Storage"): ("文件与对象存储", "Shared file systems and object stores where users and applications keep unstructured data."),
    ("Storage", "Backup & Archive"): ("备份与归档", "Copying data for recovery and keeping it long term to meet retention rules."),
    ("Storage", "Networked Storage"): ("网络存储", "Block and file storage that servers reach over a storage network, such as SAN and NAS."),
    ("Storage", "Distributed Storage (CDN)"): ("分布式存储（CDN）", "Content delivery networks that cache content close to users to speed up delivery."),
    ("Client Computing", "Bring Your Own Device"): ("自带设备（BYOD）", "Enabling and securing employees' own devices for work use."),
    ("Client Computing", "Computer"): ("计算机", "Company-provided desktop and laptop computers with their standard software."),
    ("Client Computing", "Mobile"): ("移动终端", "Company-provided smartphones and tablets with their service plans and device management."),
    ("Client Computing", "Virtual Client"): ("虚拟客户端", "Virtual desktops and published applications delivered from a data center or the cloud."),
    ("Communication & Collaboration", "Collaboration"): ("协作", "Team workspaces, file sharing, video meetings and chat that let people work together."),
    ("Communication & Collaboration", "Communication"): ("通信", "Email, telephony and messaging services for reaching colleagues and contacts."),
    ("Communication & Collaboration", "Print"): ("打印", "Office printing, copying and scanning for employees."),
    ("Communication & Collaboration", "Productivity"): ("生产力工具", "Office suites and personal productivity applications such as word processing and spreadsheets."),
    ("Connectivity", "Network Access"): ("网络接入", "Wired and wireless network access for employees in offices and other company sites."),
    ("Connectivity", "Remote Access"): ("远程访问", "Secure access to corporate systems for employees working away from the office."),
    ("Product Management", "Product Development"): ("产品开发", "Applications that support research, design and engineering of the organisation's products, such as PLM and CAD."),
    ("Product Management", "Product Planning"): ("产品规划", "Applications that support product roadmaps, portfolio decisions and requirements."),
    ("Sales & Marketing", "Customer Analytics"): ("客户分析", "Analysing customer data to understand behaviour, segments and lifetime value."),
    ("Sales & Marketing", "Customer Sales"): ("客户销售", "Applications that sell to customers, such as quoting, e-commerce and point of sale."),
    ("Sales & Marketing", "Marketing & Advertising"): ("营销与广告", "Campaign management, marketing automation and advertising technology."),
    ("Sales & Marketing", "Sales Force & Channel Management"): ("销售团队与渠道管理", "Managing sales teams, territories, pipelines, partners and sales channels, usually in a CRM."),
    ("Manufacturing & Delivery", "Inventory & Warehousing"): ("库存与仓储", "Tracking stock levels and running warehouse operations."),
    ("Manufacturing & Delivery", "Manufacturing"): ("制造", "Planning, executing and controlling production, such as manufacturing execution systems."),
    ("Manufacturing & Delivery", "Product Delivery"): ("产品交付", "Logistics, shipping and distribution of physical goods to customers."),
    ("Manufacturing & Delivery", "Service Delivery"): ("服务交付", "Applications that deliver the organisation's services to its customers, such as field service and service operations."),
    ("Manufacturing & Delivery", "Resource Planning"): ("资源计划", "Planning of supply, demand, materials and capacity across the value chain, often within an ERP."),
    ("Customer Service", "Order Management"): ("订单管理", "Capturing, tracking and fulfilling customer orders from entry to invoice."),
    ("Customer Service", "Customer Care"): ("客户关怀", "Contact centers, case handling and self-service portals that answer customers after the sale."),
    ("Finance", "Planning & Management Accounting"): ("计划与管理会计", "Budgeting, forecasting and internal cost and profitability reporting."),
    ("Finance", "Revenue Accounting"): ("收入核算", "Recognising and accounting for revenue under the applicable accounting standards."),
    ("Finance", "Accounts Receivable"): ("应收账款", "Invoicing customers, applying their payments and collecting what is owed."),
    ("Finance", "General Accounting & Reporting"): ("总账会计与报告", "The general ledger, period close, consolidation and statutory financial reporting."),
    ("Finance", "Project Accounting"): ("项目核算", "Tracking costs, budgets and billing by project."),
    ("Finance", "Payroll & Time Reporting"): ("薪资与工时填报", "Recording hours worked and paying employees correctly and on time."),
    ("Finance", "Accounts Payables & Expense Reimbursement"): ("应付账款与费用报销", "Paying supplier invoices and reimbursing employees' business expenses."),
    ("Finance", "Treasury"): ("资金管理", "Managing cash, liquidity, bank relationships, financing and financial risk."),
    ("Finance", "Tax"): ("税务", "Calculating, filing and planning the organisation's taxes."),
    ("Workforce", "Recruitment"): ("招聘", "Attracting, assessing and hiring candidates, from requisition to offer."),
    ("Workforce", "Employee Transitions & Separation"): ("员工调动与离职", "Onboarding, internal moves and offboarding of employees."),
    ("Workforce", "Workforce Management"): ("劳动力管理", "Core employee records, organisation structure, scheduling and headcount planning."),
    ("Workforce", "Performance, Retention & Rewards Management"): ("绩效、保留与薪酬激励管理", "Setting goals, reviewing performance and managing pay, incentives and retention."),
    ("Workforce", "Benefits Management"): ("福利管理", "Enrolling employees in benefits and administering benefit plans."),
    ("Workforce", "Policy Management"): ("政策管理", "Writing, publishing and maintaining workforce policies and tracking acknowledgement."),
    ("Workforce", "Employee Development"): ("员工发展", "Learning, skills and career development programs for employees."),
    ("Workforce", "Employee Communications & Relations"): ("员工沟通与关系", "Internal communications, engagement surveys and handling of employee relations cases."),
    ("Vendor & Procurement", "Sourcing and Procurement"): ("寻源与采购", "Finding suppliers, running bids and buying goods and services from requisition to purchase order."),
    ("Vendor & Procurement", "Supplier Management"): ("供应商管理", "Onboarding suppliers and managing their information, performance and risk."),
    ("Vendor & Procurement", "Contract Management"): ("合同管理", "Drafting, storing, tracking and renewing contracts and their obligations."),
    ("Health, Safety, Security, and Environmental", "Policy & Governance"): ("政策与治理", "Setting health, safety, security and environmental policies and governing their application."),
    ("Health, Safety, Security, and Environmental", "Oversight & Enforcement"): ("监督与执行", "Inspections, incident reporting and enforcement of health, safety and environmental rules."),
    ("Health, Safety, Security, and Environmental", "Healthcare Services"): ("医疗保健服务", "Occupational health and on-site medical services provided to employees."),
    ("Health, Safety, Security, and Environmental", "Occupational Safety"): ("职业安全", "Preventing workplace injuries through hazard assessment, training and safety programs."),
    ("Risk, Audit & Compliance", "Risk Management"): ("风险管理", "Identifying, assessing and monitoring enterprise risks and the actions that treat them."),
    ("Risk, Audit & Compliance", "Breach Management & Remediation"): ("违规管理与整改", "Recording, notifying and remediating compliance and data breaches."),
    ("Risk, Audit & Compliance", "Business Continuity Planning & Management"): ("业务连续性规划与管理", "Planning how business operations continue through disruption and testing those plans."),
    ("Risk, Audit & Compliance", "Auditing"): ("审计", "Planning and performing internal audits and tracking their findings to closure."),
    ("Risk, Audit & Compliance", "Investigations"): ("调查", "Investigating suspected fraud, misconduct and policy violations."),
    ("Risk, Audit & Compliance", "Records Management"): ("记录管理", "Keeping, retaining and disposing of business records according to retention rules."),
    ("Legal", "Legal Counsel"): ("法律顾问", "Legal advice to the business from in-house and external counsel."),
    ("Legal", "Case Management"): ("案件管理", "Tracking litigation, disputes and other legal matters with their documents and deadlines."),
    ("Legal", "Contract Review"): ("合同审查", "Legal review and negotiation of contract terms before signature."),
    ("Property & Facility", "Development & Space Planning"): ("开发与空间规划", "Planning, acquiring and developing real estate and laying out space to fit demand."),
    ("Property & Facility", "Workspace Solutions"): ("工作空间解决方案", "Desk and room booking, occupancy sensing and other tools that help people use office space."),
    ("Property & Facility", "Physical Security"): ("物理安全", "Access control, video surveillance and guarding of buildings and sites."),
    ("Property & Facility", "Operations, Maintenance, Repair & Improvements"): ("运营、维护、维修与改造", "Running, maintaining, repairing and improving buildings and their equipment."),
    ("Property & Facility", "Fleet Management (non-logistics)"): ("车队管理（非物流）", "Managing company vehicles that are not part of the logistics operation, such as pool and service cars."),
    ("Property & Facility", "Food & Beverage"): ("餐饮", "Catering, cafeterias and vending services for employees and visitors."),
    ("Corporate Communications", "Stakeholder Relations"): ("利益相关方关系", "Managing communication with investors, shareholders and other key stakeholders."),
    ("Corporate Communications", "Government Relations"): ("政府关系", "Engaging with governments and regulators on policy and public affairs."),
    ("Corporate Communications", "External Communications"): ("对外传播", "Public relations, media relations and the organisation's public messaging."),
    ("Corporate Communications", "Community Outreach"): ("社区外联", "Community engagement, sponsorship and corporate giving programs."),
    ("Sustainability & ESG", "Carbon Accounting & Emission Reporting"): ("碳核算与排放报告", "Measuring greenhouse gas emissions and reporting them under the applicable frameworks."),
    ("Sustainability & ESG", "ESG Data Integration"): ("ESG数据集成", "Collecting and consolidating environmental, social and governance data from across systems."),
    ("Sustainability & ESG", "Supplier Sustainability Monitoring"): ("供应商可持续性监测", "Assessing and tracking the environmental and social performance of suppliers."),
    ("Sustainability & ESG", "Sustainability Performance Dashboarding"): ("可持续发展绩效仪表板", "Dashboards that track sustainability targets and progress for management and disclosure."),
    ("Agentic", "Autonomous Navigation"): ("自主导航", "AI that steers vehicles, robots or drones through physical environments without human control."),
    ("Agentic", "Autonomous Workflow Agent"): ("自主工作流智能体", "AI agents that plan and carry out multi-step business tasks across applications on their own."),
    ("Agentic", "Intelligent Process Automation (IPA)"): ("智能流程自动化（IPA）", "Automation of business processes that combines robotic process automation with AI decision-making."),
    ("Generative", "Image & Video Generation"): ("图像与视频生成", "AI that creates or edits images and video from prompts."),
    ("Generative", "Speech, Music, and Audio Generation"): ("语音、音乐与音频生成", "AI that synthesises speech, music and other audio."),
    ("Generative", "Synthetic Data Generation"): ("合成数据生成", "AI that produces realistic artificial data sets for testing, training or privacy protection."),
    ("Generative", "Text Generation"): ("文本生成", "AI that writes, summarises, translates or answers in natural language, such as chat assistants and copilots."),
    ("Interpretive", "Computer Vision"): ("计算机视觉", "AI that recognises objects, people and events in images and video."),
    ("Interpretive", "Document Processing"): ("文档处理", "AI that reads documents and forms and extracts structured data from them."),
    ("Interpretive", "Natural Language Processes"): ("自然语言处理", "AI that classifies, analyses and extracts meaning from written language, such as sentiment and entity recognition."),
    ("Interpretive", "Speech Recognition & Processing"): ("语音识别与处理", "AI that transcribes spoken language and interprets what was said."),
    ("Predictive", "Predictive Analytics"): ("预测分析", "Statistical and machine learning models that forecast demand, behaviour and other business outcomes."),
    ("Predictive", "Predictive Maintenance"): ("预测性维护", "Models that predict equipment failure from sensor and maintenance data so that repairs can be scheduled in time."),
    ("Predictive", "Risk Scoring"): ("风险评分", "Models that score the likelihood of fraud, credit default, churn or other risks."),
    ("Prescriptive", "Automated Planning & Scheduling"): ("自动规划与排程", "AI that builds plans and schedules for people, assets and work under constraints."),
    ("Prescriptive", "Decision Optimization"): ("决策优化", "Optimisation models that choose the best decision, such as a price, route or allocation, against goals and constraints."),
    ("Prescriptive", "Recommendation Service"): ("推荐服务", "AI that suggests the next best product, content or action for a customer or user."),
}

CONSUMER_TYPE_TEXT: dict[str, Text] = {
    "Business Functions & Capabilities": ("业务职能与能力", "Business units, departments and business capabilities inside the organisation that consume technology to do their work."),
    "Business Value Streams": ("业务价值流", "End-to-end value streams, products and portfolios that deliver value to customers and to which technology cost can be assigned."),
    "Partners & Internal Consumers": ("合作伙伴与内部消费者", "Partners, affiliates and internal groups that consume technology services by agreement rather than as a business function of the organisation."),
    "External Consumers": ("外部消费者", "Customers, citizens and other outside parties who use the organisation's digital products and services directly."),
}

# --------------------------------------------------------------------------------------------
# v4.1 -> v5.0 crosswalk: (element_type, v4 name, v4 parent name, v5 element path, change, note).
# The v5 element is at the same level as element_type; its path is given by names and turned
# into an id with the same rule as the seeds, so a renamed element cannot silently dangle.
# --------------------------------------------------------------------------------------------

CROSSWALK: list[tuple[str, str, str, tuple[str, ...], str, str]] = [
    ("cost_pool", "Internal Labor", "", ("Staffing",), "renamed", "Employee labour keeps its place; v5 calls the pool Staffing and adds contractors working under the organisation's direction to it."),
    ("cost_pool", "External Labor", "", ("Staffing",), "merged", "Contractors and temporary staff directed by the organisation fold into Staffing as the Staff Augmentation sub-pools."),
    ("cost_pool", "External Labor", "", ("Outside Services",), "merged", "Contracted work bought as a deliverable or outcome rather than as people goes to Outside Services; split External Labor by contract type."),
    ("cost_pool", "Outside Services", "", ("Outside Services",), "unchanged", "Interpretation: public cloud consumption recorded here in v4.1 moves to the new Cloud Services pool."),
    ("cost_pool", "Hardware", "", ("Hardware",), "unchanged", ""),
    ("cost_pool", "Software", "", ("Software & SaaS",), "renamed", "The v5 name makes SaaS subscriptions explicit."),
    ("cost_pool", "Facilities & Power", "", ("Data Center Facilities",), "renamed", "Interpretation: the v4.1 facilities pool corresponds to v5 Data Center Facilities."),
    ("cost_pool", "Telecom", "", ("Telecom",), "unchanged", ""),
    ("cost_pool", "Other", "", ("Misc Costs",), "renamed", "Interpretation: the v4.1 catch-all pool corresponds to v5 Misc Costs."),
    ("cost_pool", "Internal Services", "", ("Cross Charges",), "renamed", "Interpretation: charges from other internal departments are recorded in v5 as Cross Charges / By Internal Department."),
    ("sub_pool", "Cloud Service Provider", "Outside Services", ("Cloud Services", "Cloud Service Provider"), "moved", "Interpretation: v4.1 recorded public cloud consumption under Outside Services; v5 gives it a cost pool of its own."),
    ("sub_pool", "Managed Service Provider", "Outside Services", ("Outside Services", "Managed Services"), "renamed", "Interpretation: the managed-service sub-pool of v4.1 Outside Services; v5 calls it Managed Services (and adds Managed Services sub-pools to other pools)."),
    ("tower", "Data Center", "", ("Data Center",), "unchanged", "Now in the Infrastructure domain."),
    ("tower", "Compute", "", ("Compute",), "unchanged", "Gains the AI Compute sub-tower in v5."),
    ("tower", "Storage", "", ("Storage",), "unchanged", "Gains the AI Storage sub-tower in v5."),
    ("tower", "Network", "", ("Network",), "unchanged", "Gains the AI Network sub-tower in v5."),
    ("tower", "Application", "", ("Application",), "unchanged", "Now also holds Middleware (from the retired Platform tower) and, new in v5, AI Models."),
    ("tower", "Platform", "", ("Application",), "retired", "Tower retired; its Middleware sub-tower moved to the Application tower."),
    ("tower", "Platform", "", ("Data",), "retired", "Tower retired; its Database sub-tower moved to the new Data tower."),
    ("tower", "Output", "", ("Delivery",), "retired", "Tower retired; Central Print became a sub-tower of Delivery."),
    ("tower", "Delivery", "", ("Delivery",), "unchanged", "Gains Central Print from the retired Output tower."),
    ("tower", "IT Management", "", ("Tech Management",), "renamed", "IT becomes Tech throughout the tower and its sub-towers."),
    ("tower", "Security & Compliance", "", ("Security",), "retired", "Tower split: its security sub-tower moved to the new Security tower."),
    ("tower", "Security & Compliance", "", ("Risk & Compliance",), "retired", "Tower split: compliance and disaster recovery moved to the new Risk & Compliance tower."),
    ("tower", "End User", "", ("End User",), "unchanged", "Now in the Field & Office domain."),
    ("sub_tower", "Database", "Platform", ("Data", "Database"), "moved", "From the retired Platform tower to the Data tower."),
    ("sub_tower", "Middleware", "Platform", ("Application", "Middleware"), "moved", "From the retired Platform tower to the Application tower."),
    ("sub_tower", "Central Print", "Output", ("Delivery", "Central Print"), "moved", "From the retired Output tower to Delivery."),
    ("sub_tower", "IT Management & Strategic Planning", "IT Management", ("Tech Management", "Tech Management & Strategy"), "renamed", "Interpretation: check the exact v4.1 spelling used in your model."),
    ("sub_tower", "IT Finance", "IT Management", ("Tech Management", "Tech Finance"), "renamed", ""),
    ("sub_tower", "Enterprise Architecture", "IT Management", ("Tech Management", "Enterprise Architecture"), "unchanged", "Parent tower renamed Tech Management."),
    ("sub_tower", "IT Vendor Management", "IT Management", ("Tech Management", "Tech Vendor Management"), "renamed", ""),
    ("sub_tower", "Security", "Security & Compliance", ("Security", "Digital Security"), "moved", "Moved to the new Security tower and renamed Digital Security."),
    ("sub_tower", "Compliance", "Security & Compliance", ("Risk & Compliance", "Regulatory & Audit"), "moved", "Interpretation: moved to the new Risk & Compliance tower as Regulatory & Audit."),
    ("sub_tower", "Disaster Recovery", "Security & Compliance", ("Risk & Compliance", "Disaster Recovery"), "moved", "Moved to the new Risk & Compliance tower."),
    ("sub_tower", "IT Service Management", "Delivery", ("Delivery", "Service Management"), "renamed", ""),
    ("sub_tower", "High Performance Computing", "Compute", ("Compute", "High Performance Compute"), "renamed", ""),
    ("sub_tower", "IT Help Desk", "End User", ("End User", "Help Desk"), "renamed", "Interpretation: the IT Help Desk name of earlier versions; map Help Desk one to one if your v4.1 model already uses it."),
    ("sub_tower", "Application Development", "Application", ("Application", "Development"), "renamed", ""),
    ("sub_tower", "Application Support & Operations", "Application", ("Application", "Support & Operations"), "renamed", ""),
    ("solution_category", "Data", "Platform", ("Infrastructure", "Data"), "moved", "Interpretation: the v4.1 Platform solution type is gone; its data solutions sit in Infrastructure / Data."),
]

CROSSWALK_ELEMENT_TYPES = ("cost_pool", "sub_pool", "tower", "sub_tower", "solution_category", "solution")
CHANGE_TYPES = ("unchanged", "renamed", "moved", "merged", "retired")

SEED_COLUMNS: dict[str, list[str]] = {
    "tbm_cost_pools": ["cost_pool_id", "cost_pool_name", "cost_pool_name_zh", "cost_pool_description", "sort_order"],
    "tbm_sub_pools": ["sub_pool_id", "cost_pool_id", "sub_pool_name", "sub_pool_name_zh", "spend_type", "sub_pool_description", "sort_order"],
    "tbm_domains": ["domain_id", "domain_name", "domain_name_zh", "domain_description", "sort_order"],
    "tbm_towers": ["tower_id", "domain_id", "tower_name", "tower_name_zh", "tower_description", "sort_order"],
    "tbm_sub_towers": ["sub_tower_id", "tower_id", "sub_tower_name", "sub_tower_name_zh", "sub_tower_description", "sort_order"],
    "tbm_solution_types": ["solution_type_id", "solution_type_name", "solution_type_name_zh", "solution_type_description", "sort_order"],
    "tbm_solution_categories": ["solution_category_id", "solution_type_id", "solution_category_name", "solution_category_name_zh", "solution_category_description", "sort_order"],
    "tbm_solutions": ["solution_id", "solution_category_id", "solution_name", "solution_name_zh", "solution_description", "sort_order"],
    "tbm_consumer_types": ["consumer_type_id", "consumer_type_name", "consumer_type_name_zh", "consumer_type_description", "sort_order"],
    "tbm_v4_to_v5_crosswalk": ["element_type", "v4_name", "v4_parent_name", "v5_id", "change_type", "note"],
}


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


def read_names(source: Path) -> dict[str, list[Row]]:
    """Read the four name files, checking that each has exactly the expected header."""
    tables: dict[str, list[Row]] = {}
    for file_name, header in SOURCE_HEADERS.items():
        path = source / file_name
        if not path.is_file():
            raise TaxonomyInputError(f"{path} not found: --source must be a folder holding {', '.join(SOURCE_HEADERS)}")
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != header:
                raise TaxonomyInputError(f"{path}: header is {reader.fieldnames}, expected {header}")
            rows = [dict(row) for row in reader]
        for line, row in enumerate(rows, start=2):
            for column, value in row.items():
                if not value or value != value.strip():
                    raise TaxonomyInputError(f"{path}:{line}: {column} is empty or has surrounding spaces")
        tables[file_name] = rows
    return tables


def unique_in_order(values: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return list(dict.fromkeys(values))


def lookup(texts: Mapping[Key, Text], key: Key, used: set[Key], missing: list[str]) -> Text:
    used.add(key)
    if key not in texts:
        missing.append(repr(key))
        return ("", "")
    return texts[key]


def build_seeds(source: Path) -> tuple[dict[str, list[Row]], list[str]]:
    """Return the rows of every seed, and the ids of solutions that had to be category-qualified."""
    names = read_names(source)
    missing: list[str] = []
    used: dict[str, set[Key]] = {label: set() for label in ("pool", "sub", "domain", "tower", "subtower", "type", "cat", "sol", "cons")}
    seeds: dict[str, list[Row]] = {}

    # Finance layer
    pool_rows = names["cost_pools.csv"]
    pools = unique_in_order((r["cost_pool_name"],) for r in pool_rows)
    seeds["tbm_cost_pools"] = []
    for order, (pool,) in enumerate(pools, start=1):
        zh, text = lookup(COST_POOL_TEXT, pool, used["pool"], missing)
        seeds["tbm_cost_pools"].append({"cost_pool_id": slug(pool), "cost_pool_name": pool, "cost_pool_name_zh": zh, "cost_pool_description": text, "sort_order": str(order)})
    seeds["tbm_sub_pools"] = []
    for order, row in enumerate(pool_rows, start=1):
        pool, sub = row["cost_pool_name"], row["sub_pool_name"]
        if row["spend_type"] not in ("opex", "capex"):
            raise TaxonomyInputError(f"cost_pools.csv: spend_type {row['spend_type']!r} for {pool} / {sub} is neither opex nor capex")
        zh, text = lookup(SUB_POOL_TEXT, (pool, sub), used["sub"], missing)
        seeds["tbm_sub_pools"].append({"sub_pool_id": f"{slug(pool)}__{slug(sub)}", "cost_pool_id": slug(pool), "sub_pool_name": sub, "sub_pool_name_zh": zh, "spend_type": row["spend_type"], "sub_pool_description": text, "sort_order": str(order)})

    # Technology resource layer
    tower_rows = names["towers.csv"]
    seeds["tbm_domains"] = []
    for order, (domain,) in enumerate(unique_in_order((r["domain_name"],) for r in tower_rows), start=1):
        zh, text = lookup(DOMAIN_TEXT, domain, used["domain"], missing)
        seeds["tbm_domains"].append({"domain_id": slug(domain), "domain_name": domain, "domain_name_zh": zh, "domain_description": text, "sort_order": str(order)})
    seeds["tbm_towers"] = []
    for order, (domain, tower) in enumerate(unique_in_order((r["domain_name"], r["tower_name"]) for r in tower_rows), start=1):
        zh, text = lookup(TOWER_TEXT, tower, used["tower"], missing)
        seeds["tbm_towers"].append({"tower_id": slug(tower), "domain_id": slug(domain), "tower_name": tower, "tower_name_zh": zh, "tower_description": text, "sort_order": str(order)})
    seeds["tbm_sub_towers"] = []
    for order, row in enumerate(tower_rows, start=1):
        tower, sub = row["tower_name"], row["sub_tower_name"]
        zh, text = lookup(SUB_TOWER_TEXT, (tower, sub), used["subtower"], missing)
        seeds["tbm_sub_towers"].append({"sub_tower_id": f"{slug(tower)}__{slug(sub)}", "tower_id": slug(tower), "sub_tower_name": sub, "sub_tower_name_zh": zh, "sub_tower_description": text, "sort_order": str(order)})

    # Solution layer
    solution_rows = names["solutions.csv"]
    seeds["tbm_solution_types"] = []
    for order, (stype,) in enumerate(unique_in_order((r["solution_type_name"],) for r in solution_rows), start=1):
        zh, text = lookup(SOLUTION_TYPE_TEXT, stype, used["type"], missing)
        seeds["tbm_solution_types"].append({"solution_type_id": slug(stype), "solution_type_name": stype, "solution_type_name_zh": zh, "solution_type_description": text, "sort_order": str(order)})
    categories = unique_in_order((r["solution_type_name"], r["solution_category_name"]) for r in solution_rows)
    repeated_categories = [c for c, n in Counter(c for _, c in categories).items() if n > 1]
    if repeated_categories:
        raise TaxonomyInputError(f"solution category names repeat across types, texts cannot be keyed by category: {repeated_categories}")
    seeds["tbm_solution_categories"] = []
    for order, (stype, category) in enumerate(categories, start=1):
        zh, text = lookup(SOLUTION_CATEGORY_TEXT, (stype, category), used["cat"], missing)
        seeds["tbm_solution_categories"].append({"solution_category_id": f"{slug(stype)}__{slug(category)}", "solution_type_id": slug(stype), "solution_category_name": category, "solution_category_name_zh": zh, "solution_category_description": text, "sort_order": str(order)})
    solution_slugs = Counter(slug(r["solution_name"]) for r in solution_rows)
    qualified: list[str] = []
    seeds["tbm_solutions"] = []
    for order, row in enumerate(solution_rows, start=1):
        stype, category, solution = row["solution_type_name"], row["solution_category_name"], row["solution_name"]
        category_id = f"{slug(stype)}__{slug(category)}"
        solution_id = slug(solution)
        if solution_slugs[solution_id] > 1:
            solution_id = f"{category_id}__{solution_id}"
            qualified.append(solution_id)
        zh, text = lookup(SOLUTION_TEXT, (category, solution), used["sol"], missing)
        seeds["tbm_solutions"].append({"solution_id": solution_id, "solution_category_id": category_id, "solution_name": solution, "solution_name_zh": zh, "solution_description": text, "sort_order": str(order)})

    # Consumer layer
    seeds["tbm_consumer_types"] = []
    for order, row in enumerate(names["consumers.csv"], start=1):
        consumer = row["consumer_type_name"]
        zh, text = lookup(CONSUMER_TYPE_TEXT, consumer, used["cons"], missing)
        seeds["tbm_consumer_types"].append({"consumer_type_id": slug(consumer), "consumer_type_name": consumer, "consumer_type_name_zh": zh, "consumer_type_description": text, "sort_order": str(order)})

    if missing:
        raise TaxonomyInputError("no Chinese name or description written for: " + "; ".join(missing))
    stale = []
    for label, texts in (("pool", COST_POOL_TEXT), ("sub", SUB_POOL_TEXT), ("domain", DOMAIN_TEXT), ("tower", TOWER_TEXT), ("subtower", SUB_TOWER_TEXT), ("type", SOLUTION_TYPE_TEXT), ("cat", SOLUTION_CATEGORY_TEXT), ("sol", SOLUTION_TEXT), ("cons", CONSUMER_TYPE_TEXT)):
        stale += [repr(key) for key in texts if key not in used[label]]
    if stale:
        raise TaxonomyInputError("texts written for elements that are not in the name files: " + "; ".join(stale))

    seeds["tbm_v4_to_v5_crosswalk"] = build_crosswalk(seeds)
    return seeds, qualified


def build_crosswalk(seeds: dict[str, list[Row]]) -> list[Row]:
    """Turn CROSSWALK into rows, resolving each v5 path to an id that exists at that level."""
    level_ids = {
        "cost_pool": {r["cost_pool_id"] for r in seeds["tbm_cost_pools"]},
        "sub_pool": {r["sub_pool_id"] for r in seeds["tbm_sub_pools"]},
        "tower": {r["tower_id"] for r in seeds["tbm_towers"]},
        "sub_tower": {r["sub_tower_id"] for r in seeds["tbm_sub_towers"]},
        "solution_category": {r["solution_category_id"] for r in seeds["tbm_solution_categories"]},
        "solution": {r["solution_id"] for r in seeds["tbm_solutions"]},
    }
    rows: list[Row] = []
    for element_type, v4_name, v4_parent, v5_path, change, note in CROSSWALK:
        if element_type not in CROSSWALK_ELEMENT_TYPES or change not in CHANGE_TYPES:
            raise TaxonomyInputError(f"crosswalk row for {v4_name!r}: bad element_type {element_type!r} or change_type {change!r}")
        v5_id = "__".join(slug(part) for part in v5_path)
        if v5_id not in level_ids[element_type]:
            raise TaxonomyInputError(f"crosswalk row for {v4_name!r}: no v5 {element_type} with id {v5_id!r}")
        rows.append({"element_type": element_type, "v4_name": v4_name, "v4_parent_name": v4_parent, "v5_id": v5_id, "change_type": change, "note": note})
    return rows


def render_csv(columns: Sequence[str], rows: Sequence[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def render_seeds(seeds: dict[str, list[Row]]) -> dict[str, str]:
    """File name -> CSV text for every seed."""
    return {f"{name}.csv": render_csv(SEED_COLUMNS[name], seeds[name]) for name in SEED_COLUMNS}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the TBM Taxonomy v5.0.1 seeds (ids, Chinese names, descriptions, v4.1 crosswalk) from the published element names.")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help=f"folder with cost_pools.csv, towers.csv, solutions.csv, consumers.csv (default: {DEFAULT_SOURCE.relative_to(REPO_ROOT)})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder to write the seed CSVs to (default: {DEFAULT_OUT.relative_to(REPO_ROOT)})")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any seed in --out differs from what would be built")
    args = parser.parse_args(argv)
    try:
        seeds, qualified = build_seeds(args.source)
    except TaxonomyInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    files = render_seeds(seeds)
    if args.check:
        stale = [name for name, text in files.items() if not (args.out / name).is_file() or (args.out / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"out of date: {args.out / name}", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in seeds.items())
    print(f"wrote {len(files)} seeds to {args.out}: {counts}")
    print("category-qualified solution ids: " + (", ".join(qualified) if qualified else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
